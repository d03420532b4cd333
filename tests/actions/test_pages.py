"""The actions pages: the list and an action's page with its effect, the form prefilled from a
gap row, a driver, an idea, a set of cases and an alert; status and windows changed there;
managers change only their units' actions; the report pages link their rows to it."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from servicegap.actions.models import Action, ActionCase, ActionUnit, AlertState
from servicegap.notifications.models import Delivery
from servicegap.notifications.service import add_webhook
from tests.actions.support import START, make_action, rated
from tests.report_support import respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def allow_private(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True


def test_the_list_and_the_page_show_the_verdict_and_its_figures(login, workspace, standards):
    for first, values in ((START - timedelta(days=60), [2, 3] * 20), (START + timedelta(days=30),
                          [5, 6] * 20)):  # fmt: skip
        for i in range(0, len(values), 2):
            rated(workspace, "SALES", first + timedelta(days=i), values[i : i + 2])
    make_action(workspace, after_to=START + timedelta(days=60))
    client = login("employee")
    page = client.get("/w/acme/actions/").content.decode()
    assert "CALLBACK-FIX" in page and "worked" in page and "New action" not in page
    detail = client.get("/w/acme/actions/CALLBACK-FIX/").content.decode()
    assert "Measured effect" in detail and "+3.00" in detail and "n = 40" in detail
    assert 'class="marker before"' in detail and 'class="marker after"' in detail
    assert "Change the status" not in detail  # an employee changes nothing
    assert client.get("/w/acme/actions/new/").status_code == 404


def test_a_new_action_from_a_gap_row_is_prefilled_and_created(login, workspace, standards):
    respond(workspace, answers=[("CALLBACK", "expectation", 6), ("CALLBACK", "experience", 3)])
    client = login("owner")
    report = client.get("/w/acme/reports/gaps/").content.decode()
    link = re.search(r'href="(/w/acme/actions/new/\?[^"]+)">Make an action<', report)
    assert link, "the gaps report links its rows to a new action"
    url = link.group(1).replace("&amp;", "&")
    form = client.get(url).content.decode()
    assert re.search(r'name="standards" value="CALLBACK"[^>]*checked', form)
    assert (
        "Close the gap on Calls back within one working day" in form and 'name="from_gap"' in form
    )
    code = re.search(r'name="code" value="([^"]+)"', form).group(1)
    data = {"code": code, "title": "Close the gap on CALLBACK", "standards": ["CALLBACK"],
            "status": "planned", "origin": "gap", "from_gap": "-3.0", "from_n": "1"}  # fmt: skip
    r = client.post("/w/acme/actions/new/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    action = Action.objects.get(code=code)
    assert action.origin == "gap" and action.origin_detail == {"gap": "-3.0", "n": "1"}


def test_the_drivers_and_alerts_reports_link_their_rows(login, workspace, standards):
    from servicegap.actions.links import for_alert, from_driver

    got = from_driver({"item": "CALLBACK", "importance": 0.4, "quadrant": "fix"}, {}, "acme")
    assert (
        got[0] == "Make an action" and "standards=CALLBACK" in got[1] and "origin=driver" in got[1]
    )
    row = {"kind": "standard", "item": "CALLBACK", "period": "2026-02", "direction": "down"}
    label, url = for_alert(row, {"perspective": "customer"}, "acme")
    assert url.startswith("/w/acme/actions/alerts/act/?") and "code=CALLBACK" in url
    page = login("owner").get(url).content.decode()
    assert "Acknowledge" in page and "Make an action" in page


def test_a_bad_form_is_422_with_the_reason_next_to_the_field(login, workspace, standards):
    client = login("owner")
    make_action(workspace)
    r = client.post("/w/acme/actions/new/", {"code": "CALLBACK-FIX", "title": "Again",
                                             "status": "planned"})  # fmt: skip
    assert r.status_code == 422 and "already an action CALLBACK-FIX" in r.content.decode()
    r = client.post("/w/acme/actions/new/", {"code": "X-1", "title": "T", "status": "planned",
                                             "start": "2026-03-01", "due": "2026-02-01"})  # fmt: skip
    assert r.status_code == 422 and "due must not be before start" in r.content.decode()
    assert Action.objects.count() == 1


def test_an_idea_and_a_set_of_cases_prefill_the_form(login, workspace, standards):
    from django.utils import timezone

    from servicegap.cases.models import Case
    from servicegap.feedback.models import Feedback
    from servicegap.people.models import Unit

    sales = Unit.objects.of(workspace).get(code="SALES")
    idea = Feedback.objects.create(workspace=workspace, kind="idea", text="Text customers back",
                                   submitted_at=timezone.now(), unit=sales)  # fmt: skip
    client = login("owner")
    form = client.get(f"/w/acme/actions/new/?idea={idea.pk}").content.decode()
    assert "Text customers back" in form and f'name="idea" value="{idea.pk}"' in form
    for n in (3, 4):
        Case.objects.create(workspace=workspace, number=n, title=f"Case {n}", unit=sales,
                            opened_at=timezone.now())  # fmt: skip
    form = client.get("/w/acme/actions/new/?cases=3,4").content.decode()
    assert "Fix the cause of cases 3, 4" in form and 'name="cases" value="3,4"' in form
    r = client.post("/w/acme/actions/new/", {"code": "CASES-1", "title": "Fix", "status": "planned",
                                             "units": ["SALES"], "cases": "3,4",
                                             "origin": "cases"})  # fmt: skip
    assert r.status_code == 302
    assert sorted(ActionCase.objects.values_list("case__number", flat=True)) == [3, 4]
    missing = client.get("/w/acme/actions/new/?cases=99").content.decode()
    assert "there is no case 99" in missing


def test_done_sets_the_day_and_tells_the_webhooks_and_windows_are_settable(
    login, workspace, standards, allow_private
):
    hook = add_webhook(workspace, "http://127.0.0.1:9/in", ["action.completed"], "test")
    make_action(workspace)
    client = login("leader")
    r = client.post("/w/acme/actions/CALLBACK-FIX/status/", {"status": "done"})
    assert r.status_code == 302
    action = Action.objects.get()
    assert action.status == "done" and action.completed_on is not None
    assert Delivery.objects.filter(webhook=hook, event="action.completed").count() == 1
    r = client.post("/w/acme/actions/CALLBACK-FIX/windows/",
                    {"before_from": "2025-11-01", "after_to": "2026-02-28"})  # fmt: skip
    action.refresh_from_db()
    assert action.before_from == date(2025, 11, 1) and action.after_to == date(2026, 2, 28)
    client.post("/w/acme/actions/CALLBACK-FIX/windows/", {"after_from": "2025-12-01"})
    action.refresh_from_db()
    assert action.after_from is None  # refused: it would begin before the before window ends


def test_a_manager_changes_the_actions_of_their_units_only(login, workspace, standards):
    mine = make_action(workspace, "MINE", units=("SALES",))
    theirs = make_action(workspace, "THEIRS", units=("SERVICE",))
    everyone = make_action(workspace, "ALL")
    client = login("manager")
    assert client.get(f"/w/acme/actions/{mine.code}/edit/").status_code == 200
    for other in (theirs, everyone):
        assert client.get(f"/w/acme/actions/{other.code}/").status_code == 200  # to read
        assert client.post(f"/w/acme/actions/{other.code}/status/",
                           {"status": "dropped"}).status_code == 404  # fmt: skip
    r = client.post("/w/acme/actions/new/", {"code": "M-1", "title": "T", "status": "planned",
                                             "units": ["SERVICE"]})  # fmt: skip
    assert r.status_code == 422 and not Action.objects.filter(code="M-1").exists()
    r = client.post("/w/acme/actions/new/", {"code": "M-2", "title": "T", "status": "planned",
                                             "units": ["SALES"]})  # fmt: skip
    assert r.status_code == 302 and ActionUnit.objects.filter(action__code="M-2").exists()


def test_an_alert_is_acknowledged_assigned_and_turned_into_an_action(login, workspace, standards):
    client = login("owner")
    ident = {"perspective": "customer", "scope": "", "kind": "standard", "code": "CALLBACK",
             "period": "2026-02", "direction": "down"}  # fmt: skip
    r = client.post("/w/acme/actions/alerts/acknowledge/", ident)
    assert r.status_code == 302
    state = AlertState.objects.get()
    assert state.acknowledged_at is not None and state.key == "customer||standard|CALLBACK|2026-02"
    client.post("/w/acme/actions/alerts/assign/", {**ident, "assignee": "manager@acme.test"})
    state.refresh_from_db()
    assert state.assignee.email == "manager@acme.test"
    page = client.get("/w/acme/actions/alerts/", {"show": "all"}).content.decode()
    assert "CALLBACK" in page and "manager@acme.test" in page
    new = client.get("/w/acme/actions/new/", {f"alert_{k}": v for k, v in ident.items()})
    assert "Made from the alert on standard CALLBACK in 2026-02" in new.content.decode()
    data = {"code": "ALERT-1", "title": "Act", "status": "planned", "standards": ["CALLBACK"],
            **{f"alert_{k}": v for k, v in ident.items()}, "origin": "alert"}  # fmt: skip
    assert client.post("/w/acme/actions/new/", data).status_code == 302
    state.refresh_from_db()
    assert state.action.code == "ALERT-1" and state.action.origin == "alert"
    bad = client.post("/w/acme/actions/alerts/acknowledge/", {**ident, "period": "soon"})
    assert bad.status_code == 422 and "period" in bad.content.decode()


def test_an_employees_idea_starts_an_action_without_its_own_unit(login, workspace, standards):
    """Employees' ideas are read only in groups of ten or more writers: an action made from one
    must not show the (perhaps small) unit it came from."""
    from django.utils import timezone

    from servicegap.feedback.models import Feedback
    from servicegap.people.models import Unit

    sales = Unit.objects.of(workspace).get(code="SALES")
    idea = Feedback.objects.create(workspace=workspace, kind="idea", text="A rota for the desk",
                                   submitted_at=timezone.now(), unit=sales,
                                   perspective="employee")  # fmt: skip
    form = login("owner").get(f"/w/acme/actions/new/?idea={idea.pk}").content.decode()
    assert "A rota for the desk" in form
    assert not re.search(r'name="units" value="SALES"[^>]*checked', form)
