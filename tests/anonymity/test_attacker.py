"""Anonymity as an attacker would test it (docs/anonymity.md, "Attacker model").

Four employees of SALES (below the default threshold of five) answer their employee survey,
signed in, through the survey page. The owner then walks every way they have: every report kind
of the registry through its page, its CSV, the printable PDF and the API, with every filter the
kind takes (unit, touchpoint, window, from/to, segment, each ``by``), the survey and response
pages, the feedback inbox, the people pages and their download, and a webhook listening to
every event. The test does it twice, for two sets of answers that share nothing but the survey
(other values, other comments, one respondent fewer): whatever the owner reads must be the same
both times, so nothing they can read depends on an individual answer, or even on how many
answered. The comments themselves appear nowhere. The installation administrator's
``servicegap export responses`` is the documented exception (docs/formats.md).
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.utils import timezone

from servicegap.accounts.services import set_membership
from servicegap.aggregates import cells
from servicegap.notifications.events import EVENTS
from servicegap.reports import registry
from servicegap.surveys import builder
from servicegap.surveys.models import Question, Response, Survey
from servicegap.surveys.templates_catalogue import TemplateChoices
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=False)

# Two sets of answers: (experience of GREET, expectation of GREET, comment) per employee.
FIRST = [(1, 7, "Alpha hates the night shift"), (7, 1, "Bravo wants a new van"),
         (2, 6, "Charlie is leaving in May"), (6, 2, "Delta loves the new boss")]  # fmt: skip
SECOND = [(4, 4, "Echo asks for training"), (3, 5, "Foxtrot fears the audit"),
          (5, 3, "Golf misses the old manager")]  # fmt: skip
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def scene(workspace, standards, users):
    """The employee survey of SALES's four employees, a webhook hearing every event, a read key."""
    from servicegap.accounts.models import ApiKey
    from servicegap.notifications.models import Webhook

    survey = builder.create_survey(
        workspace, code="EMP", title="Employee view", template="employee", scale_max=7,
        languages=["en"], choices=TemplateChoices(standards=standards[:1]),
    )  # fmt: skip
    builder.publish(survey)
    staff = [
        set_membership(workspace, f"e{i}@acme.test", "employee", ["SALES"], PASSWORD)[0]
        for i in range(4)
    ]
    Webhook.objects.create(
        workspace=workspace, url="https://hooks.example.test/in", events=list(EVENTS), secret="s"
    )
    _, key = ApiKey.issue(workspace, ["read"])
    return survey, staff, key


def _answer(client, survey: Survey, staff, given) -> None:
    """Each employee signs in and answers on the survey page, as they would."""
    fields = {
        q.kind: f"q{q.pk}"
        for q in Question.objects.filter(survey=survey, survey_version=survey.version)
    }
    for user, (experience, expectation, comment) in zip(staff, given, strict=False):
        client.force_login(user)
        posted = {fields["experience"]: experience, fields["expectation"]: expectation,
                  fields["text"]: comment}  # fmt: skip
        assert client.post(f"/r/acme/s/{survey.code}/", posted).status_code == 302
    client.logout()


def _windows() -> list[dict[str, str]]:
    """Every calendar slice of the answers' month, and the free ranges that must be refused."""
    today = timezone.localdate()
    first = today.replace(day=1)
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    return [
        {},
        {"window": f"{today:%Y-%m}"},
        {"window": quarter},
        {"window": str(today.year)},
        {"from": first.isoformat(), "to": today.isoformat()},  # a free range: 422
        {"from": date(today.year, 1, 1).isoformat()},  # open-ended: 422
    ]


def _queries(kind: registry.ReportKind) -> list[dict[str, str]]:
    own = {p.name for p in kind.params}
    base = {"survey": "EMP"} if "survey" in own else {}
    found = []
    for by in (None, *kind.by):
        for unit in (None, "SALES", "HQ"):
            for window in _windows():
                query = dict(base, perspective="employee", **window)
                if by:
                    query["by"] = by
                if unit:
                    query["unit"] = unit
                found.append(query)
    for extra in ({"touchpoint": "NONE"}, {"segment": "role=driver"}, {"perspective": "leader"}):
        found.append({**base, "perspective": "employee", **extra})
    found.append(dict(base))  # the kind's defaults (always-protected kinds show employees)
    return found


def _pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def _read_everything(client, owner, key: str, survey: Survey) -> dict[str, object]:
    """All the owner can read, by the way they read it."""
    from urllib.parse import urlencode

    from servicegap.notifications.models import Delivery
    from servicegap.people.models import Person

    seen: dict[str, object] = {}
    client.force_login(owner)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    for kind in registry.names():
        declared = registry.get(kind)
        assert declared is not None
        for query in _queries(declared):
            q = urlencode(query)
            r = client.get(f"/api/v1/reports/{kind}?{q}", **auth)
            seen[f"api {kind} {q}"] = (r.status_code, _strip(r.content))
            if declared.page:
                r = client.get(f"/w/acme/reports/{kind}/?{q}&format=csv")
                seen[f"csv {kind} {q}"] = (r.status_code, _strip(r.content))
        if declared.page:
            for query in _queries(declared)[:6]:  # the page: its drawings and sentences too
                q = urlencode(query)
                r = client.get(f"/w/acme/reports/{kind}/?{q}")
                seen[f"page {kind} {q}"] = (r.status_code, _strip(r.content))
    for q in ("perspective=employee", "perspective=employee&unit=SALES",
              "perspective=employee&unit=SALES&window=" + timezone.localdate().strftime("%Y-%m")):  # fmt: skip
        r = client.get(f"/w/acme/reports/pdf/?{q}")
        seen[f"pdf {q}"] = (r.status_code, _pdf_text(r.content) if r.status_code == 200 else "")
    for path in ("/w/acme/", "/w/acme/surveys/", "/w/acme/surveys/EMP/",
                 "/w/acme/feedback/", "/w/acme/feedback/?perspective=employee",
                 "/w/acme/feedback/?unit=SALES", "/w/acme/people/?kind=employee"):  # fmt: skip
        seen[f"get {path}"] = (client.get(path).status_code, _strip(client.get(path).content))
    for person in Person.objects.of(survey.workspace).filter(kind="employee"):
        r = client.get(f"/w/acme/people/{person.pk}/export.json")
        seen[f"export {person.code}"] = (r.status_code, _strip(r.content))
    seen["deliveries"] = sorted(str(d.payload) for d in Delivery.objects.all())
    return seen


def _strip(body: bytes) -> str:
    """The body without what changes from one request to the next (CSRF tokens, the clock)."""
    text = CSRF.sub(b"", body).decode("utf-8", "replace")
    text = re.sub(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?", "<time>", text
    )
    return re.sub(r"\b\d{1,2}:\d{2}(:\d{2})?\b", "<time>", text)


def _diff(first: dict, second: dict, changed: list[str]) -> str:
    import difflib

    if not changed:
        return ""
    a, b = (str(d[changed[0]][1] if isinstance(d[changed[0]], tuple) else d[changed[0]])
            for d in (first, second))  # fmt: skip
    lines = difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=1)
    return "\n".join(list(lines)[:40])


def test_an_owner_learns_nothing_of_four_employees_answers_by_any_page_filter_export_or_api(
    client, workspace, users, scene
):
    survey, staff, key = scene
    assert workspace.anonymity_threshold == 5
    _answer(client, survey, staff, FIRST)
    assert Response.objects.filter(perspective="employee", unit__code="SALES").count() == 4
    # The response pages answer 404 for employee responses, owners included.
    client.force_login(users["owner"])
    for pk in Response.objects.values_list("pk", flat=True):
        assert client.get(f"/w/acme/responses/{pk}/").status_code == 404
    first = _read_everything(client, users["owner"], key, survey)

    Response.objects.of(workspace).delete()
    cells.rebuild(workspace)
    _answer(client, survey, staff, SECOND)
    second = _read_everything(client, users["owner"], key, survey)

    # The walk reads real documents (not a wall of 401s and 404s): hidden rows among them.
    status, body = first["api gaps perspective=employee"]  # type: ignore[misc]
    assert status == 200 and '"suppressed":true' in body.replace(" ", "")
    answered = [k for k, v in first.items() if isinstance(v, tuple) and v[0] == 200]
    assert len(answered) > len(first) // 2
    assert first.keys() == second.keys()
    changed = [k for k in first if first[k] != second[k]]
    assert not changed, (
        f"depends on the employees' answers: {changed[:5]}\n{_diff(first, second, changed)}"
    )
    everything = repr(first) + repr(second)
    for _e, _x, comment in FIRST + SECOND:
        assert comment not in everything
    assert first["deliveries"] == []  # no webhook tells of an employee's answer


def test_the_attackers_walk_reaches_every_report_kind_and_grouping():
    """The walk above is generated from the registry: a new kind or grouping is walked too."""
    for name in registry.names():
        kind = registry.get(name)
        assert kind is not None
        queries = _queries(kind)
        assert {q.get("by") for q in queries} >= set(kind.by)
        assert any(q.get("unit") == "SALES" for q in queries)
