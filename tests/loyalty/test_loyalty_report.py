"""The ``loyalty`` and ``lost`` reports: the CLI, the API and the pages answer the same figures;
each customer's group follows the rules; bad input names its field; the pages and a customer's
timeline are for owners and leaders only."""

from __future__ import annotations

import html
from datetime import UTC, datetime, time, timedelta

import pytest

from servicegap.lib.proportions import wilson
from servicegap.loyalty.groups import Thresholds, group_of
from servicegap.loyalty.report import lost_sentence, loyalty_sentence
from tests.loyalty.support import AS_OF, shop
from tests.report_support import cli, cli_json

pytestmark = pytest.mark.django_db


def _api(client, key: str, kind: str, query: str = ""):
    return client.get(f"/api/v1/reports/{kind}{query}", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_the_cli_the_api_and_the_page_agree_on_the_loyalty_groups(
    client, workspace, api_key, login
):
    known = shop(workspace)
    doc = cli_json("acme", "loyalty", "--as-of", AS_OF.isoformat())
    got = _api(client, api_key, "loyalty", f"?as-of={AS_OF}")
    assert got.status_code == 200 and got.json() == doc
    rows = {r["customer"]: r for r in doc["rows"]}
    assert rows["FAN"]["group"] == "loyal" and rows["GRUMP"]["group"] == "captive"
    assert rows["QUIET"]["group"] == "unknown" and rows["QUIET"]["nps"] is None
    assert rows["LEAVER"]["group"] == "lost"  # an exit answer, though still buying and a promoter
    assert rows["GONE"]["group"] == "lost" and rows["GONE"]["p_alive"] < 0.15
    assert rows["GRUMP"]["nps"] == 3  # the latest answer, not the earlier 10
    assert rows["GRUMP"]["complaints"] == 1 and rows["FAN"]["referrals"] == 4
    for r in doc["rows"]:  # every customer by the rules, in their order
        exited = r["customer"] == "LEAVER"
        assert r["group"] == group_of(r["p_alive"], r["nps"], exited, Thresholds()), r
    for g, figures in doc["groups"].items():
        members = [r for r in doc["rows"] if r["group"] == g]
        assert figures["customers"] == len(members)
        assert figures["clv"] == pytest.approx(sum(r["clv"] for r in members), abs=0.01)
    at_risk = doc["groups"]["captive"]["clv"] + doc["groups"]["at_risk"]["clv"]
    assert doc["value_at_risk"] == pytest.approx(at_risk, abs=0.01) and doc["value_at_risk"] > 0
    assert doc["referrals"]["loyal"]["referrals"] == 4
    assert any("Only shop nearby" in c["text"] for c in doc["captive_comments"])
    page = login("owner").get(f"/w/acme/loyalty/?as_of={AS_OF}")
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert loyalty_sentence(doc, None, {}) in text  # the page's figures are the report's
    assert text.count('<circle class="dot ') == sum(1 for r in doc["rows"] if r["nps"] is not None)
    assert f"/w/acme/loyalty/customers/{known['grump'].pk}/" in text  # what captives say, linked


def test_the_cli_the_api_and_the_page_agree_on_why_customers_are_lost(
    client, workspace, api_key, login
):
    shop(workspace)
    doc = cli_json("acme", "lost", "--as-of", AS_OF.isoformat())
    got = _api(client, api_key, "lost", f"?as-of={AS_OF}")
    assert got.status_code == 200 and got.json() == doc
    reasons = {r["reason"]: r for r in doc["reasons"]}
    assert set(reasons) == {"price", "service"}
    low, high = wilson(1, 1)
    assert reasons["price"]["n"] == 1 and reasons["price"]["share"] == 100.0
    assert reasons["price"]["ci_low"] == pytest.approx(100 * low, abs=0.01) and high == 1.0
    assert reasons["price"]["label"] == "The price"
    update = [r for r in doc["rows"] if r["touchpoint"] == "SVC-UPDATE"]
    assert update and update[0]["customers"] >= 1 and update[0]["lost_clv"] > 0
    assert update[0]["touchpoint_name"] == "Progress update"
    assert sum(r["customers"] for r in doc["rows"]) == doc["customers"]
    assert sum(r["lost_clv"] for r in doc["rows"]) == pytest.approx(doc["lost_clv"], abs=0.05)
    page = login("leader").get(f"/w/acme/loyalty/lost/?as_of={AS_OF}")
    text = html.unescape(page.content.decode())
    assert page.status_code == 200 and lost_sentence(doc, None, {}) in text
    assert "The price" in text and "Progress update" in text


def test_as_of_defaults_to_the_last_purchase_and_a_bad_date_names_the_field(
    client, workspace, api_key, login
):
    shop(workspace)
    assert cli_json("acme", "lost")["as_of"] == AS_OF.isoformat()
    result = cli("acme", "loyalty", "--as-of", "2026-13-01", "--json")
    assert result.exit_code != 0 and "as-of" in result.output and "Traceback" not in result.output
    got = _api(client, api_key, "loyalty", "?as-of=soon")
    assert got.status_code == 422 and "as-of" in got.content.decode()
    page = login("owner").get("/w/acme/loyalty/?as_of=soon")
    assert page.status_code == 422 and "as-of must be an ISO date" in page.content.decode()


def test_a_workspace_without_purchases_gets_empty_reports_that_say_so(client, api_key, login):
    for kind in ("loyalty", "lost"):
        got = _api(client, api_key, kind)
        assert got.status_code == 200 and got.json()["rows"] == [], got.content
    assert cli_json("acme", "lost")["reasons"] == []
    page = login("owner").get("/w/acme/loyalty/")
    assert page.status_code == 200 and "No customer has bought enough" in page.content.decode()
    page = login("owner").get("/w/acme/loyalty/lost/")
    assert page.status_code == 200 and "No customer counts as lost" in page.content.decode()


def test_the_pages_and_the_timeline_are_for_owners_and_leaders(client, workspace, users, login):
    known = shop(workspace)
    timeline = f"/w/acme/loyalty/customers/{known['gone'].pk}/"
    for persona, status in (("owner", 200), ("leader", 200), ("manager", 404), ("employee", 404)):
        for path in (f"/w/acme/loyalty/?as_of={AS_OF}", "/w/acme/loyalty/lost/", timeline):
            assert login(persona).get(path).status_code == status, (persona, path)
    text = html.unescape(login("owner").get(timeline).content.decode())
    at = [text.index(s) for s in ("2025-01-01", "2025-05-20", "2025-05-28")]
    assert at == sorted(at)  # in date order
    assert "misery" in text and "recommend 2" in text and "Progress update pulse" in text
    employee = known["gone"]
    employee.kind = "employee"
    employee.save()  # only a customer has a customer timeline
    assert login("owner").get(timeline).status_code == 404


def test_what_captive_customers_say_is_redacted_and_carries_the_themes_of_their_comments(
    workspace, login
):
    from servicegap.feedback.models import Feedback
    from servicegap.gaps.kinds import run
    from servicegap.text import service, sources

    known = shop(workspace)
    said = (
        ["Slow again, ring me on 07700 900123 or grump@example.org"]
        + [f"The invoice was higher than the quote, {n} times now" for n in range(2, 7)]
        + [f"Waited {n} hours for the car, slow slow slow" for n in range(2, 7)]
    )
    for day, text in enumerate(said, start=1):  # enough comments for the engine to group them
        Feedback.objects.create(
            workspace=workspace, kind="complaint", person=known["grump"], channel="web",
            text=text, submitted_at=datetime.combine(AS_OF - timedelta(days=day), time(12), UTC),
        )  # fmt: skip
    service.enrich(workspace, sources.latest(workspace, 100))
    doc = run(workspace, "loyalty", {"as-of": AS_OF.isoformat()})
    shown = " ".join(c["text"] for c in doc["captive_comments"])
    assert "Slow again" in shown and "07700" not in shown and "grump@example.org" not in shown
    assert doc["captive_themes"] and all(t["n"] <= t["of"] for t in doc["captive_themes"])
    page = html.unescape(login("owner").get(f"/w/acme/loyalty/?as_of={AS_OF}").content.decode())
    theme = doc["captive_themes"][0]["theme"]
    assert f"{theme}</a>: {doc['captive_themes'][0]['n']}" in page
