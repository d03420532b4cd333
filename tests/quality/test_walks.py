"""Walk-throughs: the checklist from the standards' behaviours, storing a walk once, the audits
report with Wilson intervals, audit rounds and leaders in their customers' shoes."""

from __future__ import annotations

import base64
import html
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from servicegap.lib.errors import FieldError
from servicegap.people.models import Person, Unit
from servicegap.quality import walk_compute, walks
from servicegap.quality.models import (
    AuditRound,
    Conversation,
    WalkThrough,
    WalkThroughCheck,
    WalkThroughStep,
)
from servicegap.quality.walk_compute import Check, StandardAt
from tests.report_support import cli_json
from tests.walk_support import journey, walk_doc


def jpeg(side: int = 40) -> str:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (side, side), (200, 30, 30)).save(out, "JPEG")
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def test_checklist_lists_each_behaviour_per_touchpoint_in_journey_order():
    steps = walk_compute.checklist(
        [("FOLLOW", "Follow-up", 3, "SALES"), ("ARRIVE", "Arrival", 1, None)],
        {"ARRIVE": [StandardAt("GREET", "Greets", ["Looks up", " Uses the name ", "Looks up", ""]),
                    StandardAt("CLEAN", "Cleaner than it came", [])]},
    )  # fmt: skip
    assert [s.touchpoint for s in steps] == ["ARRIVE", "FOLLOW"]
    items = [(i.standard, i.behaviour) for i in steps[0].items]
    # standards by code; blanks and repeats dropped; a standard with no behaviour is its title
    assert items == [("CLEAN", "Cleaner than it came"), ("GREET", "Looks up"),
                     ("GREET", "Uses the name")]  # fmt: skip
    assert steps[1].items == [] and steps[1].unit == "SALES"


def test_checklist_from_the_database(workspace, standards):
    buy = journey(workspace, standards)
    steps = walks.journey_checklist(workspace, buy)
    assert [s.touchpoint for s in steps] == ["ARRIVE", "DRIVE", "FOLLOW"]
    assert [i.behaviour for i in steps[0].items] == [
        "Returns the car cleaner than it came",
        "Looks up",
        "Uses the name",
    ]
    assert [i.standard for i in steps[2].items] == ["CALLBACK", "CALLBACK"]
    standards[2].retired = True  # CLEAN: retired standards are no longer checked
    standards[2].save()
    assert [i.standard for i in walks.journey_checklist(workspace, buy)[0].items] == ["GREET"] * 2


def test_wilson_interval_matches_newcombe_1998():
    # Newcombe, Statistics in Medicine 17 (1998) 857-872, table II, method 3 (Wilson score)
    for (k, n), (low, high) in {(81, 263): (0.2553, 0.3662), (15, 148): (0.0624, 0.1605),
                                (0, 20): (0.0, 0.1611), (1, 29): (0.0061, 0.1718)}.items():  # fmt: skip
        row = walk_compute.share_row(k, n)
        assert (row["ci_low"], row["ci_high"]) == (low, high)
        assert row["n"] == n and row["observed_share"] == round(k / n, 4)


def test_audit_rows_group_by_standard_touchpoint_and_unit():
    checks = [Check("GREET", "ARRIVE", "SALES", True)] * 3 + [
        Check("GREET", "ARRIVE", "SALES", False)
    ]
    checks += [Check("GREET", "ARRIVE", None, False), Check("CALLBACK", "FOLLOW", "SALES", True)]
    rows = walk_compute.audit_rows(checks)
    assert [(r["standard"], r["touchpoint"], r["unit"], r["n"], r["observed"]) for r in rows] == [
        ("CALLBACK", "FOLLOW", "SALES", 1, 1), ("GREET", "ARRIVE", None, 1, 0),
        ("GREET", "ARRIVE", "SALES", 4, 3)]  # fmt: skip
    pooled = walk_compute.by_touchpoint(rows, ["FOLLOW", "ARRIVE"])
    assert [(r["touchpoint"], r["n"], r["observed"]) for r in pooled] == [
        ("FOLLOW", 1, 1),
        ("ARRIVE", 5, 3),
    ]


def test_a_walk_is_stored_once_per_submission_key(workspace, standards, users):
    journey(workspace, standards)
    doc = walk_doc()
    doc["steps"][0]["photo"] = jpeg()
    walk, created = walks.store(workspace, users["leader"], doc)
    assert created and walk.walker == users["leader"] and walk.unit.code == "SALES"
    again, created_again = walks.store(workspace, users["leader"], walk_doc())
    assert not created_again and again.pk == walk.pk
    assert WalkThrough.objects.filter(workspace=workspace).count() == 1
    assert WalkThroughCheck.objects.filter(walk_through=walk).count() == 4
    step = WalkThroughStep.objects.get(walk_through=walk, touchpoint__code="ARRIVE")
    assert step.note == "Busy morning" and step.photo_type == "image/jpeg" and bytes(step.photo)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"submission_key": "short"}, "submission_key"),
        ({"journey": "NOPE"}, "journey"),
        ({"walker_kind": "boss"}, "walker_kind"),
        ({"unit": "NOPE"}, "unit"),
        ({"visited_at": "yesterday"}, "visited_at"),
        ({"steps": []}, "steps"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_walk_names_the_field_and_stores_nothing(workspace, standards, users, change, field):
    journey(workspace, standards)
    with pytest.raises(FieldError) as refused:
        walks.store(workspace, users["leader"], walk_doc(**change))
    assert refused.value.field == field
    assert not WalkThrough.objects.exists() and not WalkThroughCheck.objects.exists()


def test_a_behaviour_or_photo_not_on_the_checklist_is_refused(workspace, standards, users):
    journey(workspace, standards)
    doc = walk_doc()
    doc["steps"][1]["checks"][0]["behaviour"] = "Sends flowers"
    with pytest.raises(FieldError) as refused:
        walks.store(workspace, users["leader"], doc)
    assert refused.value.field == "steps[1].checks[0]"
    doc = walk_doc()
    doc["steps"][0]["photo"] = "data:image/jpeg;base64," + base64.b64encode(b"<svg/>").decode()
    with pytest.raises(FieldError) as refused:
        walks.store(workspace, users["leader"], doc)
    assert refused.value.field == "steps[0].photo"
    assert not WalkThrough.objects.exists()


def test_the_page_endpoint_stores_once_and_answers_errors_as_json(workspace, standards, login):
    journey(workspace, standards)
    client = login("leader")
    url = "/w/acme/quality/walks/submit/"
    body = json.dumps(walk_doc())
    first = client.post(url, body, content_type="application/json")
    again = client.post(url, body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert WalkThrough.objects.count() == 1
    bad = client.post(url, json.dumps(walk_doc("another-key", journey="X")),
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "journey"
    page = client.get(first.json()["url"])
    assert page.status_code == 200 and b"3 of 4 behaviours observed" not in page.content
    assert b"2 of 4 behaviours observed" in page.content


def test_the_walk_page_lists_the_checklist(workspace, standards, login):
    journey(workspace, standards)
    page = login("leader").get("/w/acme/quality/walks/new/BUY/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Step 1 of 3: Arrival" in text and 'data-behaviour="Uses the name"' in text
    assert login("employee").get("/w/acme/quality/walks/new/BUY/").status_code == 404


def test_audits_report_shape_cli_and_api(workspace, standards, users, client, api_key):
    journey(workspace, standards)
    walks.store(workspace, users["leader"], walk_doc())
    walks.store(workspace, users["owner"], walk_doc("walk-key-0002", walker_kind="mystery_shopper"))
    doc = cli_json("acme", "audits")
    keys = {"standard", "touchpoint", "unit", "n", "observed_share", "ci_low", "ci_high"}
    assert all(keys <= set(r) for r in doc["rows"])
    greet = next(r for r in doc["rows"] if r["standard"] == "GREET")
    assert (greet["touchpoint"], greet["unit"], greet["n"], greet["observed_share"]) == (
        "ARRIVE",
        "SALES",
        4,
        0.5,
    )
    assert (greet["ci_low"], greet["ci_high"]) == tuple(
        round(v, 4) for v in walk_compute.wilson(2, 4)
    )
    assert [r["touchpoint"] for r in doc["touchpoints"]] == ["ARRIVE", "FOLLOW"]
    shopper = cli_json("acme", "audits", "--walker", "mystery_shopper")
    assert sum(r["n"] for r in shopper["rows"]) == 4
    api = client.get("/api/v1/reports/audits", HTTP_AUTHORIZATION=f"Bearer {api_key}")
    assert api.status_code == 200 and api.json()["rows"] == doc["rows"]


def test_audits_report_page_has_its_chart_and_sentence(workspace, standards, users, login):
    journey(workspace, standards)
    walks.store(workspace, users["leader"], walk_doc())
    page = login("owner").get("/w/acme/reports/audits/")
    text = html.unescape(page.content.decode())
    assert page.status_code == 200 and "<svg" in text
    assert "Walkers saw the standards' behaviours least at Follow-up: 0 % of 1 checks" in text


def test_rounds_are_due_overdue_or_done(workspace, standards, users, login):
    buy = journey(workspace, standards)
    sales = Unit.objects.get(workspace=workspace, code="SALES")
    today = date.today()
    late = AuditRound.objects.create(
        workspace=workspace,
        unit=sales,
        journey=buy,
        walker_kind="leader",
        due_on=today - timedelta(days=3),
    )
    AuditRound.objects.create(
        workspace=workspace,
        unit=sales,
        journey=buy,
        walker_kind="mystery_shopper",
        due_on=today + timedelta(days=9),
    )
    done = AuditRound.objects.create(
        workspace=workspace,
        unit=sales,
        journey=buy,
        walker_kind="leader",
        due_on=today - timedelta(days=30),
    )
    walks.store(workspace, users["leader"], walk_doc(round=done.pk))
    from servicegap.quality.walk_page import rounds

    states = [(r.round.pk, r.state) for r in rounds(workspace)]
    assert states[0] == (late.pk, "overdue") and states[-1] == (done.pk, "done")
    assert [s for _, s in states] == ["overdue", "due", "done"]
    client = login("leader")
    text = client.get("/w/acme/quality/walks/").content.decode()
    assert "1 round overdue" in text
    made = client.post("/w/acme/quality/rounds/", {"unit": sales.pk, "journey": buy.pk,
                       "walker_kind": "leader", "due_on": "2027-01-15"})  # fmt: skip
    assert made.status_code == 302 and AuditRound.objects.count() == 4
    bad = client.post("/w/acme/quality/rounds/", {"unit": sales.pk, "journey": buy.pk,
                      "walker_kind": "leader", "due_on": "soon"})  # fmt: skip
    assert bad.status_code == 422 and AuditRound.objects.count() == 4


def test_leaders_who_walked_no_journey_this_quarter_are_listed(workspace, standards, users, login):
    journey(workspace, standards)
    walks.store(workspace, users["leader"], walk_doc())
    old = (datetime.now(tz=UTC) - timedelta(days=200)).isoformat()
    walks.store(workspace, users["owner"], walk_doc("walk-key-0009", visited_at=old))
    customer = Person.objects.create(workspace=workspace, code="C1", kind="customer")
    client = login("owner")
    logged = client.post("/w/acme/quality/conversations/",
                         {"held_on": date.today().isoformat(), "customer": "C1", "note": "Slow"})  # fmt: skip
    assert logged.status_code == 302
    talk = Conversation.objects.get()
    assert talk.leader == users["owner"] and talk.customer == customer
    bad = client.post("/w/acme/quality/conversations/", {"held_on": "2026-01-01", "customer": "X"})
    assert bad.status_code == 422 and Conversation.objects.count() == 1
    text = client.get("/w/acme/quality/walks/").content.decode()
    assert (
        "Walked no journey in" in text
        and "owner@acme.test" in text.split("Walked no journey")[1][:200]
    )
    assert "leader@acme.test" not in text.split("Walked no journey")[1].split("</p>")[0]


def test_quarters_and_leader_rows():
    assert walk_compute.quarters_back(date(2026, 2, 3), 3) == ["2026-Q1", "2025-Q4", "2025-Q3"]
    rows = walk_compute.leader_rows(
        [(1, "Ann"), (2, "Bob")], [(1, date(2026, 1, 5)), (2, date(2025, 11, 1))],
        [(2, date(2026, 3, 1))], ["2026-Q1", "2025-Q4"])  # fmt: skip
    assert [(r.name, r.walks, r.conversations) for r in rows] == [
        ("Bob", [0, 1], [1, 0]),
        ("Ann", [1, 0], [0, 0]),
    ]


def test_personal_data_of_conversations_and_photos(workspace, standards, users):
    from servicegap.people.handlers import Expiry
    from servicegap.quality.walk_personal import HANDLER

    journey(workspace, standards)
    doc = walk_doc(visited_at=(datetime.now(tz=UTC) - timedelta(days=400)).isoformat())
    doc["steps"][0]["photo"] = jpeg()
    walks.store(workspace, users["leader"], doc)
    customer = Person.objects.create(workspace=workspace, code="C1", kind="customer")
    Conversation.objects.create(workspace=workspace, leader=users["leader"], customer=customer,
                                held_on=date(2026, 1, 2), note="Wants a call")  # fmt: skip
    assert HANDLER.export(workspace, customer, False)["customer_conversations"] == [
        {"held_on": "2026-01-02", "note": "Wants a call"}
    ]
    assert HANDLER.erase(workspace, customer) == {"customer_conversations": 1}
    assert Conversation.objects.get().customer is None
    now = datetime.now(tz=UTC)
    done = HANDLER.expire(workspace, Expiry(before=now - timedelta(days=365), now=now))
    assert done["walk_through_photos"] == 1
    assert not WalkThroughStep.objects.exclude(photo_type="").exists()


def test_the_api_gives_the_checklist_and_stores_a_walk_once(workspace, standards, client, api_key):
    journey(workspace, standards)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_key}"}
    steps = client.get("/api/v1/walk-throughs/checklist/BUY", **auth).json()
    assert [s["touchpoint"] for s in steps] == ["ARRIVE", "DRIVE", "FOLLOW"]
    assert steps[0]["items"][1] == {"standard": "GREET", "title": "Greets every customer by name",
                                    "behaviour": "Looks up"}  # fmt: skip
    assert client.get("/api/v1/walk-throughs/checklist/NOPE", **auth).status_code == 404
    body = json.dumps(walk_doc(walker_kind="mystery_shopper", walker_name="Agency"))
    first = client.post("/api/v1/walk-throughs", body, content_type="application/json", **auth)
    again = client.post("/api/v1/walk-throughs", body, content_type="application/json", **auth)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and first.json()["observed"] == 2
    bad = client.post("/api/v1/walk-throughs", json.dumps(walk_doc("key-0003", unit="X")),
                      content_type="application/json", **auth)  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "unit"
    listed = client.get("/api/v1/walk-throughs", **auth).json()
    assert [w["walker_name"] for w in listed["items"]] == ["Agency"]


def test_the_cli_records_once_and_lists_rounds_and_leaders(workspace, standards, users, tmp_path):
    from click.testing import CliRunner

    from servicegap.cli import main_group

    def cli(*args):
        return CliRunner().invoke(main_group, ["--workspace", "acme", "walks", *args])

    journey(workspace, standards)
    path = tmp_path / "walk.json"
    path.write_text(json.dumps(walk_doc(walker_kind="mystery_shopper")), encoding="utf-8")
    assert "Stored walk-through" in cli("record", str(path)).output
    assert "Already stored" in cli("record", str(path)).output
    assert WalkThrough.objects.count() == 1
    path.write_text(json.dumps(walk_doc("key-0004", journey="NOPE")), encoding="utf-8")
    refused = cli("record", str(path))
    assert refused.exit_code == 1 and "journey" in refused.output
    listed = json.loads(cli("checklist", "BUY", "--json").output)
    assert [s["touchpoint"] for s in listed["steps"]] == ["ARRIVE", "DRIVE", "FOLLOW"]
    leaders = json.loads(cli("leaders", "--json").output)
    assert {r["leader"] for r in leaders["rows"]} == {"owner@acme.test", "leader@acme.test"}
    assert not any(r["walked_this_quarter"] for r in leaders["rows"])  # the shopper is no leader
    assert json.loads(cli("rounds", "--json").output) == {"rows": []}
