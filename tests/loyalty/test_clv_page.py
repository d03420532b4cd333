"""The value page: asking queues a fit the real worker runs; the page shows its progress, then
the CLV distribution and the retention curves with figures that are the clv report's."""

from __future__ import annotations

import html
import re

import pytest

from servicegap.loyalty.models import ValueRun
from tests.invitation_support import run_worker
from tests.loyalty.support import AS_OF, shop
from tests.report_support import cli_json

pytestmark = pytest.mark.django_db

URL = "/w/acme/loyalty/value/"


def test_a_fit_runs_in_the_background_and_agrees_with_the_report(workspace, login, monkeypatch):
    shop(workspace)
    owner = login("owner")
    asked = {"as_of": AS_OF.isoformat(), "time_unit": "weeks", "horizon": "6",
             "discount": "0.10", "by": "month", "segment": ""}  # fmt: skip
    got = owner.post(URL, asked)
    assert got.status_code == 302
    run = ValueRun.objects.get()
    waiting = owner.get(got["Location"]).content.decode()
    assert "Waiting for the worker" in waiting and 'hx-trigger="every 2s"' in waiting
    run_worker(monkeypatch)
    run.refresh_from_db()
    assert run.state == "done" and run.steps_done == run.steps_total
    polled = owner.get(f"{URL}runs/{run.pk}/", HTTP_HX_REQUEST="true")
    assert polled.status_code == 204 and polled["HX-Redirect"].endswith(f"?run={run.pk}")
    page = html.unescape(owner.get(got["Location"]).content.decode())
    doc = cli_json("acme", "clv", "--as-of", AS_OF.isoformat(), "--horizon", "6")
    total = sum(r["clv"] for r in doc["rows"])
    assert f"The {doc['customers']} customers who bought on or before 30 Jun 2026" in page
    assert f"EUR {total:,.0f} in the next 6 months" in page
    assert f"EUR {doc['value_at_risk']:,.0f} of it" in page
    assert run.figures["bgnbd"] == doc["bgnbd"]
    assert len(re.findall(r'<rect class="bar"', page)) == 12
    assert 'class="curve series-0"' in page and "Retained a year after" in page
    months = [g["name"] for g in run.figures["curves"]]
    assert months == sorted(months) and all(re.fullmatch(r"\d{4}-\d\d", m) for m in months)
    assert sum(g["n"] for g in run.figures["curves"]) <= doc["customers"]
    assert "FAN" not in str(run.figures)  # the page's figures hold no customer's code


def test_too_few_customers_fails_with_a_plain_reason(workspace, login, monkeypatch):
    shop(workspace)
    owner = login("owner")
    owner.post(URL, {"as_of": "2025-01-05", "time_unit": "weeks", "horizon": "12",
                     "discount": "0.1", "by": "all"})  # fmt: skip
    run_worker(monkeypatch)
    page = owner.get(URL).content.decode()
    assert "Failed" in page and "at least 10 customers" in page


def test_bad_input_is_refused_by_field_and_nothing_is_queued(workspace, login):
    owner = login("owner")
    got = owner.post(URL, {"as_of": "soon", "time_unit": "weeks", "horizon": "0",
                           "discount": "2", "by": "all"})  # fmt: skip
    text = got.content.decode()
    assert got.status_code == 422 and "Traceback" not in text
    assert 'id="id_horizon"' in text and "Enter a valid date" in text
    assert not ValueRun.objects.exists()


def test_only_owners_and_leaders(workspace, login):
    assert login("owner").get(URL).status_code == 200
    assert login("leader").get(URL).status_code == 200
    for persona in ("manager", "employee", "outsider"):
        assert login(persona).get(URL).status_code == 404
