"""The persona x URL matrix, generated from the URL configuration.

Every page is requested by every persona: anonymous visitors are sent to login (one hop) unless
the page is on the public list; a user of another workspace gets 404 for everything of this one;
members see a page exactly when their role is allowed by the page's ``workspace_view``; and asked
for one unit's figures (``?unit=SALES``), a manager of another unit (SERVICE) gets 404 everywhere
while the SALES manager and employee see them. A new URL
with a parameter the matrix cannot fill makes this test fail until a sample is added below.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from servicegap.core.public import is_public_page
from tests.invitation_support import persona_samples as invitation_samples
from tests.notification_support import persona_samples as notification_samples
from tests.promise_support import set_logo

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
SKIP_PREFIXES = ("api/v1/",)  # the API has its own key matrix in api/test_read.py


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            route = str(p.pattern)
            if route.startswith("^") or route == "staff/admin/":
                yield prefix + "staff/admin/", None  # the admin: only its root
                continue
            yield from _walk(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def routes():
    seen = set()
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(SKIP_PREFIXES) or route in seen:
            continue
        seen.add(route)
        yield route, pattern


def samples(workspace, users):
    from servicegap.accounts.models import Membership

    employee = Membership.objects.of(workspace).get(user=users["employee"])
    values = {"slug": workspace.slug, "pk": employee.pk, "uidb64": "MQ", "token": "set-password"}
    values.update(_survey_samples(workspace))
    values.update(invitation_samples(workspace))  # its "token" is a live invitation link
    values.update(notification_samples(workspace))
    values["kiosk_token"] = _kiosk_token(workspace)
    values["job_id"] = _import_job(workspace)
    values["run_id"] = _value_run(workspace)
    values["kind"] = "gaps"
    set_logo(workspace)  # /p/<slug>/logo is public and answers when there is a logo
    values["person_id"] = _person(workspace)
    values["wall_token"] = _wall_token(workspace)
    values["response_id"] = _customer_response(workspace)
    values["number"] = _sales_case(workspace)
    values.update(_case_links(workspace, values["number"]))
    values["action_code"] = _action(workspace)
    values["message_id"] = _mail_message(workspace)
    values.update(_idea_samples(workspace))
    values["standard_code"] = "GREET"  # the standards fixture's; its pages are owners' and leaders'
    values["link_id"] = _chain_link(workspace)
    values.update(_walk_samples(workspace))
    return values


def _walk_samples(workspace) -> dict:
    """A walk-through with a photo (servicegap.quality): its pages are owners' and leaders'."""
    from django.utils import timezone

    from servicegap.journeys.models import Journey
    from servicegap.quality.models import WalkThrough, WalkThroughStep

    journey = Journey.objects.of(workspace).get(code="IDEAS")
    touchpoint = journey.touchpoints.create(
        workspace=workspace, code="WALK-TP", name="Desk", step=1
    )
    walk = WalkThrough.objects.create(workspace=workspace, journey=journey, walker_kind="leader",
                                      visited_at=timezone.now())  # fmt: skip
    step = WalkThroughStep.objects.create(workspace=workspace, walk_through=walk,
                                          touchpoint=touchpoint, photo=b"\x89PNG",
                                          photo_type="image/png")  # fmt: skip
    return {"journey": journey.code, "walk_id": walk.pk, "step_id": step.pk}


def _chain_link(workspace) -> int:
    """An internal link (servicegap.chain): its pages are owners' and leaders'."""
    from servicegap.people.models import InternalLink, Unit

    units = Unit.objects.of(workspace)
    return InternalLink.objects.create(
        workspace=workspace, supplier=units.get(code="SERVICE"), customer=units.get(code="SALES")
    ).pk


def _survey_samples(workspace) -> dict:
    from servicegap.surveys.models import Question, Survey

    survey = Survey.objects.create(
        workspace=workspace, code="SAMPLE", title="Sample", status="published", languages=["en"]
    )
    question = Question.objects.create(
        workspace=workspace, survey=survey, code="NPS", kind="nps", text={"en": "Recommend us?"}
    )
    return {"survey": survey.code, "question": question.pk}


def _idea_samples(workspace) -> dict:
    """An idea and a brainstorm (servicegap.ideas): every member's pages."""
    from django.utils import timezone

    from servicegap.feedback.models import Feedback
    from servicegap.ideas.models import Brainstorm
    from servicegap.journeys.models import Journey

    idea = Feedback.objects.create(
        workspace=workspace, kind="idea", text="Coffee while waiting", submitted_at=timezone.now()
    )
    journey = Journey.objects.create(workspace=workspace, code="IDEAS", name="Ideas journey")
    Brainstorm.objects.create(workspace=workspace, code="ABC234", journey=journey, step=1)
    return {"idea_id": idea.pk, "brainstorm_code": "ABC234"}


def _kiosk_token(workspace) -> str:
    from servicegap.channels.models import Kiosk

    return Kiosk.objects.create(workspace=workspace, code="DOOR", name="Front door").token


def _import_job(workspace) -> int:
    from servicegap.imports.models import ImportJob

    job = ImportJob.objects.create(workspace=workspace, kind="units", filename="u.csv")
    return job.pk


def _value_run(workspace) -> int:
    """A lifetime-value fit (servicegap.loyalty): its progress is owners' and leaders'."""
    from datetime import date

    from servicegap.loyalty.models import ValueRun

    return ValueRun.objects.create(workspace=workspace, as_of=date(2026, 1, 1)).pk


def _mail_message(workspace) -> int:
    """A mail kept by the demo mailbox: its page is the owners' only."""
    from servicegap.mailbox.models import Message

    return Message.objects.create(
        workspace=workspace, sender="s@acme.test", to="c@acme.test", subject="Hi", body="Hello"
    ).pk


def _wall_token(workspace) -> str:
    from servicegap.people.models import Unit
    from servicegap.recognition.models import WallLink

    sales = Unit.objects.of(workspace).get(code="SALES")
    return WallLink.objects.create(workspace=workspace, unit=sales).token


def _person(workspace) -> int:
    from servicegap.people.models import Person

    return Person.objects.create(workspace=workspace, code="C-SAMPLE", kind="customer").pk


def _action(workspace) -> str:
    """An improvement action of SALES: every member reads it, SALES's managers change it."""
    from servicegap.actions.models import Action, ActionUnit
    from servicegap.people.models import Unit

    action = Action.objects.create(workspace=workspace, code="SAMPLE-ACTION", title="Sample")
    ActionUnit.objects.create(
        workspace=workspace, action=action, unit=Unit.objects.of(workspace).get(code="SALES")
    )
    return action.code


def _customer_response(workspace) -> int:
    """A customer response at SALES: its page is for SALES's managers, not SERVICE's."""
    from django.utils import timezone

    from servicegap.people.models import Unit
    from servicegap.surveys.models import Response

    sales = Unit.objects.of(workspace).get(code="SALES")
    return Response.objects.create(
        workspace=workspace, submitted_at=timezone.now(), perspective="customer", unit=sales,
        scale_max=7,
    ).pk  # fmt: skip


def _sales_case(workspace) -> int:
    """A case at SALES: a manager of SERVICE may not see it (cases of their units only)."""
    from servicegap.cases.service import open_case
    from servicegap.people.models import Unit

    sales = Unit.objects.of(workspace).get(code="SALES")
    return open_case(workspace, trigger="manual", severity="normal", unit=sales).number


def _case_links(workspace, number: int) -> dict:
    """Live single-use links of the SALES case: the customer's answer page and recovery survey."""
    from servicegap.cases import links
    from servicegap.cases.models import Case

    case = Case.objects.of(workspace).get(number=number)
    return {
        "reply_token": links.issue(case, "reply")[1],
        "recovery_token": links.issue(case, "recovery")[1],
    }


# Parameters whose sample belongs to SALES: a manager of another unit gets 404 for the page even
# without asking for SALES's figures.
SALES_OBJECTS = ("<int:response_id>", "<int:number>", "<str:action_code>/edit/")


def concrete(route: str, values: dict) -> str:
    def fill(m):
        name = m.group(2)
        assert name in values, f"the persona matrix has no sample for <{name}> in {route}: add one"
        return str(values[name])

    return "/" + PARAM.sub(fill, route)


# Persona -> role. "manager_other" manages SERVICE, the unit beside the SALES of "manager" and
# "employee": the same role, another unit.
ROLES = {
    "owner": "owner",
    "leader": "leader",
    "manager": "manager",
    "manager_other": "manager",
    "employee": "employee",
    "outsider": "owner",
}
# Every member page is asked twice: as is, and for one unit's figures (SALES).
UNIT_QUERIES = ("", "?unit=SALES")


@pytest.fixture
def manager_other(workspace, users):
    """A manager of SERVICE: may see workspace-wide pages, never SALES's own figures."""
    from servicegap.accounts.services import set_membership
    from tests.conftest import PASSWORD

    user, _ = set_membership(
        workspace, "manager.service@acme.test", "manager", ["SERVICE"], PASSWORD
    )
    return user


@pytest.mark.django_db
def test_every_page_answers_every_persona_as_its_rules_say(
    client, workspace, users, manager_other, standards
):
    values = samples(workspace, users)
    personas = {**users, "manager_other": manager_other}
    checked = 0
    for route, pattern in routes():
        path = concrete(route, values)
        view = getattr(pattern, "callback", None)
        allowed = getattr(view, "allowed_roles", None)

        client.logout()
        r = client.get(path)
        if is_public_page(path):
            # /readyz answers 503 while no worker beats (tests/runtime/test_readiness.py).
            answers = (200, 302, 405, 503) if path == "/readyz" else (200, 302, 405)
            assert r.status_code in answers, f"anonymous {path}: {r.status_code}"
            if r.status_code == 302:
                assert not r["Location"].startswith("/accounts/login/?next="), path
        else:
            assert r.status_code == 302 and r["Location"].startswith("/accounts/login/?next="), (
                f"anonymous {path} was not sent to login: {r.status_code}"
            )
        if allowed is None:
            checked += 1
            continue
        for persona, role in ROLES.items():
            client.force_login(personas[persona])
            for query in UNIT_QUERIES:
                r = client.get(path + query)
                other_unit = persona == "manager_other" and (
                    query or any(p in route for p in SALES_OBJECTS)
                )
                if persona == "outsider" or role not in allowed or other_unit:
                    assert r.status_code == 404, (
                        f"{persona} {path}{query}: {r.status_code}, want 404"
                    )
                else:
                    assert r.status_code in (200, 302, 405), (
                        f"{persona} {path}{query}: {r.status_code}"
                    )
        checked += 1
    assert checked >= 8


@pytest.mark.django_db
def test_an_anonymous_visitor_is_redirected_in_one_hop_to_the_login_page(client, workspace):
    r = client.get("/w/acme/")
    assert r.status_code == 302 and r["Location"] == "/accounts/login/?next=/w/acme/"
    assert client.get(r["Location"]).status_code == 200


@pytest.mark.django_db
def test_a_user_of_another_workspace_gets_404_for_every_object_of_this_one(
    client, workspace, users, standards
):
    client.force_login(users["outsider"])
    for path in ("/w/acme/", "/w/acme/standards/", "/w/acme/journeys/", "/w/acme/users/"):
        assert client.get(path).status_code == 404, path


@pytest.mark.django_db
def test_an_unknown_page_of_the_api_needs_a_key_and_a_known_one_too(client, workspace):
    for path in ("/api/v1/no-such-thing", "/api/v1/workspace", "/api/v1/standards"):
        r = client.get(path)
        assert r.status_code == 401 and r.json()["field"] == "Authorization", path
    assert client.get("/api/v1/openapi.json").status_code == 200


# --- recognition: an employee sees their own only, a manager their units' only ------------------


@pytest.mark.django_db
def test_an_employee_sees_their_own_recognitions_only_and_a_manager_their_units_only(
    client, workspace, users, manager_other
):
    from tests.recognition_support import compliment, employee, link

    anna = employee(workspace, "E-ANNA", "Anna Adams", "SALES")
    ben = employee(workspace, "E-BEN", "Ben Brown", "SALES")
    cleo = employee(workspace, "E-CLEO", "Cleo Clark", "SERVICE")
    link(workspace, users["employee"], anna)
    link(workspace, manager_other, cleo)
    compliment(workspace, anna, "Praise for Anna")
    compliment(workspace, ben, "Praise for Ben")  # same unit as Anna, still not hers to read
    compliment(workspace, cleo, "Praise for Cleo")

    def page(user, path):
        client.force_login(user)
        r = client.get(path)
        return r.status_code, r.content.decode()

    status, html = page(users["employee"], "/w/acme/me/")
    assert status == 200 and "Praise for Anna" in html
    assert "Praise for Ben" not in html and "Praise for Cleo" not in html
    status, html = page(manager_other, "/w/acme/me/")  # a manager's own page: their own
    assert "Praise for Cleo" in html and "Praise for Anna" not in html
    status, html = page(users["manager"], "/w/acme/recognition/")
    assert "Praise for Anna" in html and "Praise for Ben" in html and "Praise for Cleo" not in html
    status, html = page(manager_other, "/w/acme/recognition/")
    assert "Praise for Cleo" in html and "Praise for Anna" not in html
    status, html = page(users["owner"], "/w/acme/recognition/")
    assert all(f"Praise for {n}" in html for n in ("Anna", "Ben", "Cleo"))
    # An employee is refused the managers' view as any page outside their role: 404.
    assert page(users["employee"], "/w/acme/recognition/")[0] == 404
    assert page(users["outsider"], "/w/acme/me/")[0] == 404


# --- the survey links of employees, leaders and the internal chain: members of the right kind --


# persona -> the status of the link of an employee, a leader and an internal survey. Anonymous:
# the sign-in page (302 to /accounts/login/?next=); members of another kind and members of
# another workspace: 403, nothing stored. The fixture's manager and employee answer as employees.
PROTECTED_LINKS = {
    "anonymous": {"employee": 302, "leader": 302, "internal": 302},
    "owner": {"employee": 403, "leader": 403, "internal": 403},
    "leader": {"employee": 403, "leader": 200, "internal": 200},
    "manager": {"employee": 200, "leader": 403, "internal": 200},
    "employee": {"employee": 200, "leader": 403, "internal": 200},
    "outsider": {"employee": 403, "leader": 403, "internal": 403},
}


@pytest.mark.django_db
def test_protected_survey_links_answer_only_members_of_the_right_kind(
    client, workspace, users, standards
):
    from servicegap.surveys import builder
    from servicegap.surveys.templates_catalogue import TemplateChoices

    for template in ("employee", "leader", "internal"):
        survey = builder.create_survey(
            workspace, code=template.upper(), title=template, template=template, scale_max=5,
            languages=["en"], choices=TemplateChoices(standards=standards[:1]),
        )  # fmt: skip
        builder.publish(survey)
    for persona, expected in PROTECTED_LINKS.items():
        client.logout()
        if persona != "anonymous":
            client.force_login(users[persona])
        for template, status in expected.items():
            path = f"/r/acme/s/{template.upper()}/"
            r = client.get(path)
            assert r.status_code == status, f"{persona} {path}: {r.status_code}, want {status}"
            if status == 302:
                assert r["Location"] == f"/accounts/login/?next={path}"
