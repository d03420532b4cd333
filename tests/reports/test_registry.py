"""A report kind is one declaration: a toy kind, registered here, shows up in the CLI (with its
own option), the API, its page (tab, form field, table), the CSV, the PDF and docs/cli.md, and
no other list of kind names exists in the code."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from servicegap.cli import main_group
from servicegap.reports import registry
from servicegap.reports.params import Param
from servicegap.reports.registry import ReportKind
from tests.reports.test_pages import reports_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2] / "servicegap"


def toy_builder(workspace, filters) -> dict[str, Any]:
    horizon = int(filters.options.get("horizon") or 0)
    return {"rows": [{"item": "TOY", "n": 3, "value": float(horizon), "unit": filters.unit}]}


TOY = ReportKind(
    name="toy",
    title="Toy",
    heading="Toy report for the registry test",
    reading="A made-up figure that proves a kind needs no edit outside its own module.",
    builder="tests.reports.test_registry:toy_builder",
    by=("item",),
    default_by="item",
    params=(Param("horizon", "Horizon", "Months ahead.", default="12", metavar="MONTHS"),),
    order=999,
)


@pytest.fixture
def toy():
    registry.register(TOY)
    yield TOY
    registry.unregister("toy")


def test_a_toy_kind_is_a_cli_command_with_its_own_option(workspace, toy):
    listed = CliRunner().invoke(main_group, ["report", "--help"])
    assert "toy" in listed.output and TOY.heading in listed.output
    result = CliRunner().invoke(
        main_group, ["--workspace", "acme", "report", "toy", "--horizon", "6", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"][0]["value"] == 6.0
    helped = CliRunner().invoke(main_group, ["report", "toy", "--help"])
    assert "--horizon MONTHS" in helped.output and TOY.reading[:40] in helped.output


def test_a_toy_kind_is_an_api_report_with_its_own_parameter(client, workspace, api_key, toy):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_key}"}
    r = client.get("/api/v1/reports/toy", {"horizon": "3", "unit": "SALES"}, **auth)
    assert r.status_code == 200, r.content
    assert r.json()["rows"][0] == {"item": "TOY", "n": 3, "value": 3.0, "unit": "SALES",
                                   "unit_name": "Sales"}  # fmt: skip
    assert client.get("/api/v1/reports/toy", {"by": "unit"}, **auth).json()["field"] == "by"


def test_a_toy_kind_has_a_page_a_csv_and_a_printed_page(login, workspace, toy):
    client = login("owner")
    page = client.get("/w/acme/reports/toy/", {"horizon": "9"}).content.decode()
    assert TOY.reading in page and 'name="horizon"' in page
    assert 'href="/w/acme/reports/toy/"' in client.get("/w/acme/reports/gaps/").content.decode()
    assert re.search(r"<th[^>]*>\s*TOY\s*</th>", page)
    rows = list(csv.DictReader(io.StringIO(client.get("/w/acme/reports/toy/", {
        "horizon": "9", "format": "csv"}).content.decode())))  # fmt: skip
    assert rows[0]["value"] == "9.0"
    printed = client.get("/w/acme/reports/pdf/").content
    assert reports_in(printed)[-1] == "toy"


def test_a_toy_kind_is_in_the_cli_reference(toy):
    from servicegap.cli.reference import render

    text = render()
    assert "## `servicegap report toy`" in text and "--horizon MONTHS" in text


def test_no_list_of_report_kind_names_exists_outside_the_declarations():
    """Two kind names as strings close together are a list to keep in step: there must be none
    (TITLES, FAST_KINDS, a tuple of kinds, … as before the registry)."""
    from servicegap.lib.scales import KINDS as ANSWER_KINDS

    # "gaps" is also an app's name, nps, csat and ces are also answer kinds, and "clv" is also
    # the lifetime-value key of the loyalty documents' rows.
    names = [
        k.name
        for k in registry.kinds()
        if k.name not in ("gaps", "clv") and k.name not in ANSWER_KINDS
    ]
    assert len(names) >= 5
    quoted = "|".join(re.escape(n) for n in names)
    pair = re.compile(rf"[\"']({quoted})[\"'].{{0,80}}?[\"']((?!\1)(?:{quoted}))[\"']", re.S)
    for path in [*ROOT.rglob("*.py"), *ROOT.rglob("*.html")]:
        found = pair.search(path.read_text())
        assert found is None, f"{path} lists the kinds {found.group(1)}, {found.group(2)}"


def test_no_template_or_page_code_branches_on_a_kind_name():
    """What differs between kinds is in their declarations (chart, template, texts), not in an
    ``if kind == "…"`` of a template that every kind shares."""
    for path in (ROOT / "reports" / "templates").rglob("*.html"):
        assert not re.search(r"kind\s*==\s*[\"']", path.read_text()), path
