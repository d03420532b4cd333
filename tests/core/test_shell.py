"""The web shell: every page for every persona, the headline, login/logout and user management."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from servicegap.accounts.models import Membership
from servicegap.lib.inference import mean_ci
from tests.conftest import PASSWORD

PAGES = ["/w/acme/", "/w/acme/standards/", "/w/acme/journeys/"]
OWNER_PAGES = ["/w/acme/users/"]
MEMBERS = ["owner", "leader", "manager", "employee"]


def answer(workspace, perspective, code, expectation, experience, respondent=None):
    from tests.report_support import respond

    pairs = (("expectation", expectation), ("experience", experience))
    respond(
        workspace,
        perspective,
        [(code, kind, value) for kind, value in pairs if value is not None],
        respondent=respondent,
        when=timezone.now(),
    )


def two(x: float) -> str:
    return f"{x:.2f}"


@pytest.mark.parametrize("path", PAGES + OWNER_PAGES)
@pytest.mark.parametrize("persona", [*MEMBERS, "outsider", "anonymous"])
def test_page_for_persona(client, login, standards, persona, path):
    if persona != "anonymous":
        login(persona)
    response = client.get(path)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={path}"
    elif persona == "outsider" or (path in OWNER_PAGES and persona != "owner"):
        assert response.status_code == 404
        assert "Not found" in response.content.decode()
    else:
        assert response.status_code == 200
        assert "Acme Motors" in response.content.decode()


def test_root_sends_member_to_workspace_and_anonymous_to_login(client, login, users):
    assert client.get("/")["Location"] == "/accounts/login/?next=/"
    login("leader")
    assert client.get("/")["Location"] == "/w/acme/"


def test_root_chooser_for_several_workspaces_and_none(client, users, other_workspace):
    from servicegap.accounts.services import set_membership

    set_membership(other_workspace, "leader@acme.test", "employee", ["HQ"])
    client.force_login(users["leader"])
    page = client.get("/").content.decode()
    assert "Choose a workspace" in page and "/w/acme/" in page and "/w/other/" in page
    Membership.objects.filter(user=users["leader"]).delete()
    assert "No workspace yet" in client.get("/").content.decode()


def test_home_headline_figures_and_hiding(client, login, workspace, standards):
    customer = [(6, 4), (6, 5), (5, 5), (7, 4), (6, 6), (6, 3)]
    for expc, expr in customer:
        answer(workspace, "customer", "GREET", expc, expr)
    for _ in range(3):  # three employees: below the threshold of 5
        answer(workspace, "employee", "GREET", 6, 2)
    for _ in range(5):
        answer(workspace, "leader", "GREET", 6, 7)
    login("owner")
    page = client.get("/w/acme/").content.decode()
    assert "the part of the company you belong to" not in page  # the whole workspace
    for s in standards:
        assert s.title in page
    gaps = [b - a for a, b in customer]
    iv = mean_ci([float(g) for g in gaps])
    assert f'<td class="num">{len(customer)}</td>' in page
    assert (
        two(iv.mean).replace("-", "") in page and f"{two(iv.ci_low)} to {two(iv.ci_high)}" in page
    )
    assert "Hidden: fewer than 5 respondents" in page
    assert "-4.00" not in page  # the hidden employee gap is nowhere, also not in the chart
    assert "leader +1.00 (n = 5)" in page and "n = 5" in page
    assert "gap-chart-title-wide" in page and "gap-chart-title-narrow" in page
    assert "Three perspectives" in page


def test_a_manager_s_home_shows_their_own_unit(client, login, workspace, standards):
    answer(workspace, "customer", "GREET", 6, 4)  # no unit: the workspace's, not SALES'
    login("manager")
    page = client.get("/w/acme/").content.decode()
    assert "The figures of Sales and the units below it" in page
    assert "Customers rate you" not in page  # nothing answered in SALES: no sentence
    login("owner")
    assert "Customers rate you" in client.get("/w/acme/").content.decode()  # n = 1: no claim


def test_home_empty_states(client, login, workspace, standards):
    login("owner")
    page = client.get("/w/acme/").content.decode()
    assert "No answers yet" in page and "servicegap import" in page
    workspace.save()
    for s in standards:
        s.delete()
    assert "No standards yet" in client.get("/w/acme/").content.decode()


def test_nav_by_role(client, login, standards):
    login("owner")
    page = client.get("/w/acme/standards/").content.decode()
    assert 'href="/w/acme/users/"' in page
    assert '<a href="/w/acme/standards/" aria-current="page">Standards</a>' in page
    assert '<a href="/w/acme/" aria-current' not in page
    assert ">owner<" in page.lower() or "Owner" in page
    login("leader")
    assert 'href="/w/acme/users/"' not in client.get("/w/acme/").content.decode()


def test_catalogue_pages(client, login, workspace, standards):
    from servicegap.journeys.models import Journey, Touchpoint

    j = Journey.objects.create(workspace=workspace, code="BUY", name="Buying a car")
    t2 = Touchpoint.objects.create(
        workspace=workspace, journey=j, code="TEST", name="Test drive", step=2
    )
    Touchpoint.objects.create(
        workspace=workspace, journey=j, code="VISIT", name="Showroom visit", step=1
    )
    t2.standards.add(standards[0], through_defaults={"workspace": workspace})
    login("employee")
    page = client.get("/w/acme/standards/").content.decode()
    assert "How the customer will know" in page and "Uses the name" in page
    page = client.get("/w/acme/journeys/").content.decode()
    assert page.index("Showroom visit") < page.index("Test drive")
    assert "GREET" in page


def test_login_by_email_and_logout(users):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/?next=/w/acme/standards/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    bad = client.post(
        "/accounts/login/",
        {"username": "Owner@Acme.test", "password": "wrong", "csrfmiddlewaretoken": token},
    )
    assert bad.status_code == 200 and "do not match" in bad.content.decode()
    ok = client.post(
        "/accounts/login/",
        {
            "username": "Owner@Acme.test",
            "password": PASSWORD,
            "next": "/w/acme/standards/",
            "csrfmiddlewaretoken": token,
        },
    )
    assert ok["Location"] == "/w/acme/standards/"
    assert client.get("/accounts/logout/").status_code == 405
    token = client.cookies["csrftoken"].value
    out = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert out["Location"] == "/accounts/login/"
    assert client.get("/w/acme/").status_code == 302


def test_login_needs_csrf(users):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/", {"username": "owner@acme.test", "password": PASSWORD}
    )
    assert response.status_code == 403


def test_error_page_has_layout_and_no_trace(client, login):
    login("owner")
    response = client.get("/w/nowhere/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<main" in page and "Not found" in page and "Traceback" not in page


def test_server_error_page_is_plain(rf):
    from servicegap.core.views import server_error

    response = server_error(rf.get("/w/acme/"))
    page = response.content.decode()
    assert response.status_code == 500 and "Something went wrong" in page
    assert "Log out" not in page and "Traceback" not in page


def test_chart_geometry_keeps_zero_and_intervals_inside():
    from servicegap.gaps import charts
    from servicegap.gaps.headline import HeadlineRow, PerspectiveFigure

    fig = PerspectiveFigure("customer", n=30, gap=-1.5, ci_low=-2.1, ci_high=-0.9)
    hidden = PerspectiveFigure("employee", hidden=True, gap=None)
    row = HeadlineRow("GREET", "Greets", "people", 6, {"customer": fig, "employee": hidden})
    for layout in charts.LAYOUTS:
        chart = charts.gap_chart([row], layout)
        assert chart is not None
        bar = chart.bars[0]
        assert bar.shortfall and bar.label.endswith("30")
        lo, hi = bar.whisker
        assert chart.axis.plot_left <= lo < bar.x < hi < chart.axis.zero <= chart.axis.plot_right
        assert abs(bar.x + bar.width - chart.axis.zero) < 0.2
        dots = charts.perspective_chart([row], layout).rows[0].dots
        assert [d.perspective for d in dots] == ["customer"]
    assert charts.gap_chart([HeadlineRow("X", "x", "people", None, {"customer": hidden})]) is None


def test_no_template_has_a_comment_django_would_print():
    """``{# … #}`` is a one-line comment in Django: one spread over lines is printed as text."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "servicegap"
    found = []
    for path in root.rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            start = line.find("{#")
            if start >= 0 and "#}" not in line[start:]:
                found.append(f"{path.relative_to(root)}:{number}")
    assert found == []


def test_a_form_page_shows_no_template_source(login):
    page = login("owner").get("/w/acme/reports/gaps/").content.decode()
    assert "{#" not in page and "{%" not in page and "One form field" not in page
