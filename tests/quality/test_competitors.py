"""Competitors: the list, the competitor column of responses (import ↔ export), the report."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from scipy import stats

from servicegap.cli import main_group
from servicegap.competitors.models import Competitor
from servicegap.gaps.kinds import run
from servicegap.surveys.models import Answer, Response
from tests.report_support import cli_json

HEAD = "response_id,submitted_at,time_zone,perspective,respondent,unit,supplier,touchpoint,survey,item,kind,value"  # noqa: E501


def cli(*args: str):
    return CliRunner().invoke(main_group, ["--workspace", "acme", *args])


def load(tmp_path, kind: str, text: str, name: str = ""):
    path = tmp_path / (name or f"{kind}.csv")
    path.write_text(text, encoding="utf-8")
    return cli("import", kind, str(path))


def responses(rows) -> str:
    """rows: (response, item, kind, value, competitor)."""
    lines = [HEAD + ",competitor"]
    for rid, item, kind, value, rival in rows:
        lines.append(f"{rid},2026-08-0{1 + int(rid[1:]) % 9}T10:00:00Z,,customer,C{rid},,,,,"
                     f"{item},{kind},{value},{rival}")  # fmt: skip
    return "\n".join(lines) + "\n"


RATINGS = [  # response: (ours, theirs at RIVAL) on GREET; CALLBACK only against OTHER
    ("R1", 6, 4), ("R2", 5, 5), ("R3", 7, 4), ("R4", 4, 5), ("R5", 6, 3),
]  # fmt: skip


@pytest.fixture
def rated(workspace, standards, tmp_path):
    assert load(tmp_path, "competitors", "code,name\nRIVAL,Rival Motors\nOTHER,Other Cars\n")
    rows = []
    for rid, ours, theirs in RATINGS:
        rows += [(rid, "GREET", "experience", ours, ""),
                 (rid, "GREET", "competitor_experience", theirs, "RIVAL")]  # fmt: skip
    rows += [("R1", "CALLBACK", "experience", 5, ""),
             ("R1", "CALLBACK", "competitor_experience", 6, "OTHER"),
             ("R9", "CALLBACK", "competitor_experience", 2, "OTHER")]  # fmt: skip
    result = load(tmp_path, "responses", responses(rows))
    assert result.exit_code == 0, result.output
    return workspace


@pytest.mark.django_db
def test_competitors_import_and_a_bad_row_writes_nothing(workspace, tmp_path):
    bad = load(tmp_path, "competitors", "code,name\nA,Alpha\nA,Again\nB,\n", "bad.csv")
    assert bad.exit_code != 0
    assert "bad.csv:3: code" in bad.stderr and "bad.csv:4: name: is required" in bad.stderr
    assert not Competitor.objects.exists()
    assert load(tmp_path, "competitors", "code,name\nA,Alpha\n").exit_code == 0
    assert cli("export", "competitors").stdout.splitlines() == ["code,name", "A,Alpha"]


@pytest.mark.django_db
def test_the_competitor_column_round_trips(rated, tmp_path):
    stored = Answer.objects.filter(kind="competitor_experience").order_by("id")
    assert {a.competitor for a in stored} == {"RIVAL", "OTHER"}
    assert not Answer.objects.filter(kind="experience").exclude(competitor="").exists()
    exported = cli("export", "responses").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert list(rows[0])[-1] == "competitor"
    assert {(r["response_id"], r["item"], r["competitor"]) for r in rows
            if r["kind"] == "competitor_experience"} == {
        ("R1", "GREET", "RIVAL"), ("R2", "GREET", "RIVAL"), ("R3", "GREET", "RIVAL"),
        ("R4", "GREET", "RIVAL"), ("R5", "GREET", "RIVAL"), ("R1", "CALLBACK", "OTHER"),
        ("R9", "CALLBACK", "OTHER")}  # fmt: skip
    assert all(r["competitor"] == "" for r in rows if r["kind"] == "experience")
    # the exported file imports again as the same responses: nothing new
    again = load(tmp_path, "responses", exported, "again.csv")
    assert again.exit_code == 0, again.output
    assert Response.objects.count() == 6


@pytest.mark.django_db
def test_a_competitor_only_on_its_kind_and_known(workspace, standards, tmp_path):
    load(tmp_path, "competitors", "code,name\nRIVAL,Rival Motors\n")
    text = responses([
        ("R1", "GREET", "experience", 5, "RIVAL"),
        ("R2", "GREET", "competitor_experience", 5, ""),
        ("R3", "GREET", "competitor_experience", 5, "NOPE"),
        ("R4", "GREET", "competitor_experience", 5, "RIVAL"),
    ])  # fmt: skip
    result = load(tmp_path, "responses", text, "r.csv")
    assert result.exit_code != 0
    assert "r.csv:2: competitor: a competitor is named only on a competitor_experience" in (
        result.stderr
    )
    assert "r.csv:3: competitor: a competitor_experience answer needs a competitor" in result.stderr
    assert "r.csv:4: competitor: no competitor with code 'NOPE'" in result.stderr
    assert not Response.objects.exists()
    # without any competitor the export keeps its twelve columns
    assert cli("export", "responses").stdout.splitlines()[0] == HEAD


@pytest.mark.django_db
def test_the_api_takes_a_competitor_per_answer(client, api_key, workspace, standards):
    Competitor.objects.create(workspace=workspace, code="RIVAL", name="Rival Motors")
    body = {"submitted_at": "2026-08-01T10:00:00Z", "perspective": "customer", "answers": [
        {"item": "GREET", "kind": "experience", "value": 6},
        {"item": "GREET", "kind": "competitor_experience", "value": 4, "competitor": "RIVAL"},
    ]}  # fmt: skip
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_key}"}
    ok = client.post("/api/v1/responses", body, content_type="application/json", **auth)
    assert ok.status_code == 201, ok.content
    assert Answer.objects.get(kind="competitor_experience").competitor == "RIVAL"
    body["answers"][0]["competitor"] = "RIVAL"
    bad = client.post("/api/v1/responses", body, content_type="application/json", **auth)
    assert bad.status_code == 422 and bad.json()["field"] == "answers[0].competitor"


@pytest.mark.django_db
def test_the_report_pairs_ours_and_theirs_within_customers(rated):
    doc = cli_json("acme", "competitors")
    rows = {(r["standard"], r["competitor"]): r for r in doc["rows"]}
    greet = rows[("GREET", "RIVAL")]
    diffs = [ours - theirs for _, ours, theirs in RATINGS]
    t = stats.ttest_1samp(diffs, 0)
    ci = t.confidence_interval()
    assert greet["n"] == 5
    assert greet["ours"] == pytest.approx(28 / 5) and greet["theirs"] == pytest.approx(21 / 5)
    assert greet["difference"] == pytest.approx(sum(diffs) / 5)
    assert (greet["ci_low"], greet["ci_high"]) == pytest.approx((ci.low, ci.high))
    assert greet["significant"] is bool(greet["q"] < 0.05)
    assert greet["competitor_name"] == "Rival Motors"
    # R9 rated only the competitor: not paired; R1 alone gives no interval
    callback = rows[("CALLBACK", "OTHER")]
    assert (callback["n"], callback["difference"], callback["ci_low"]) == (1, -1.0, None)
    assert callback["significant"] is False
    assert run(rated, "competitors", {}) == doc
    refused = cli("report", "competitors", "--perspective", "employee", "--json")
    assert refused.exit_code != 0 and "perspective" in refused.output
