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
    values["kiosk_token"] = _kiosk_token(workspace)
    values["job_id"] = _import_job(workspace)
    values["kind"] = "gaps"
    values["person_id"] = _person(workspace)
    return values


def _survey_samples(workspace) -> dict:
    from servicegap.surveys.models import Question, Survey

    survey = Survey.objects.create(
        workspace=workspace, code="SAMPLE", title="Sample", status="published", languages=["en"]
    )
    question = Question.objects.create(
        workspace=workspace, survey=survey, code="NPS", kind="nps", text={"en": "Recommend us?"}
    )
    return {"survey": survey.code, "question": question.pk}


def _kiosk_token(workspace) -> str:
    from servicegap.channels.models import Kiosk

    return Kiosk.objects.create(workspace=workspace, code="DOOR", name="Front door").token


def _import_job(workspace) -> int:
    from servicegap.imports.models import ImportJob

    job = ImportJob.objects.create(workspace=workspace, kind="units", filename="u.csv")
    return job.pk


def _person(workspace) -> int:
    from servicegap.people.models import Person

    return Person.objects.create(workspace=workspace, code="C-SAMPLE", kind="customer").pk


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
            assert r.status_code in (200, 302, 405), f"anonymous {path}: {r.status_code}"
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
                other_unit = persona == "manager_other" and query
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
