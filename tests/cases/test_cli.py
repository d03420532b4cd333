"""`servicegap cases list|rules|rule` and `servicegap import --open-cases`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from servicegap.cases.models import Case, CaseRule
from servicegap.people.models import Person
from tests.case_support import ago, complaint, nps, open_case, response

KEYS = {
    "id", "title", "status", "severity", "trigger", "unit", "owner", "source", "customer",
    "created_at", "due_at", "breached", "closed_at", "escalation", "goodwill", "recovery",
    "outcome",
}  # fmt: skip


def run(*args: str, stdin: str | None = None):
    from servicegap.cli import main_group

    return CliRunner().invoke(main_group, ["--workspace", "acme", *args], input=stdin)


def listed(*args: str) -> list[dict]:
    result = run("cases", "list", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["rows"]


@pytest.mark.django_db
def test_cases_list_json_has_the_documented_shape(workspace):
    Person.objects.create(workspace=workspace, code="C1", kind="customer")
    fb = complaint(workspace, unit="SALES", person="C1")
    row = response(workspace, [nps(2)], unit="SERVICE", respondent="C2")
    rows = listed()
    assert [r["id"] for r in rows] == [2, 1]  # newest first
    first, second = rows[1], rows[0]
    assert set(first) == KEYS
    assert first["source"] == {"kind": "feedback", "id": fb.pk}
    assert second["source"] == {"kind": "response", "id": row.pk}
    assert (first["unit"], first["customer"], first["status"]) == ("SALES", "C1", "new")
    assert (first["owner"], first["closed_at"], first["breached"]) == (None, None, False)
    assert first["goodwill"] == [] and first["recovery"] == {"answer": None, "nps": None}
    assert first["outcome"] == "open"
    assert first["created_at"] < first["due_at"]


@pytest.mark.django_db
def test_cases_list_filters_by_status_unit_and_breach(workspace):
    complaint(workspace, unit="SALES")
    complaint(workspace, unit="SERVICE")
    late = open_case(workspace, at=Case.objects.first().opened_at.replace(year=2025))
    assert [r["unit"] for r in listed("--unit", "SALES")] == ["SALES"]
    assert {r["unit"] for r in listed("--unit", "HQ")} == {"SALES", "SERVICE"}  # the subtree
    assert [r["id"] for r in listed("--unit", "-")] == [late.number]  # the triage queue
    assert [r["id"] for r in listed("--breached", "true")] == [late.number]
    assert len(listed("--status", "new")) == 3 and listed("--status", "closed") == []
    bad = run("cases", "list", "--status", "done")
    assert bad.exit_code == 1 and "--status: must be one of" in bad.output
    bad = run("cases", "list", "--unit", "NOPE")
    assert bad.exit_code == 1 and "--unit: no unit with code 'NOPE'" in bad.output


@pytest.mark.django_db
def test_cases_list_as_a_manager_shows_their_units_cases_only(workspace, users):
    complaint(workspace, unit="SALES")
    complaint(workspace, unit="SERVICE")
    complaint(workspace)  # triage
    assert len(listed()) == 3
    assert [r["unit"] for r in listed("--as", "manager@acme.test")] == ["SALES"]
    assert len(listed("--as", "leader@acme.test")) == 3
    bad = run("cases", "list", "--as", "outsider@other.test")
    assert bad.exit_code == 1 and "--as" in bad.output


@pytest.mark.django_db
def test_cases_list_reads_as_a_table_without_json(workspace):
    complaint(workspace, unit="SALES")
    result = run("cases", "list")
    assert result.exit_code == 0
    assert "new" in result.output and "SALES" in result.output and "Complaint:" in result.output


@pytest.mark.django_db
def test_cases_rule_switches_a_rule_and_rules_lists_them(workspace):
    assert run("cases", "rule", "complaint", "--off").exit_code == 0
    assert run("cases", "rule", "detractor", "--severity", "high").exit_code == 0
    rules = {r["trigger"]: r for r in json.loads(run("cases", "rules", "--json").output)["rows"]}
    assert rules["complaint"]["enabled"] is False and rules["detractor"]["severity"] == "high"
    assert rules["misery"] == {"trigger": "misery", "enabled": True, "severity": "high"}
    assert CaseRule.objects.filter(workspace=workspace).count() == 2
    complaint(workspace)
    assert Case.objects.count() == 0
    assert run("cases", "rule", "complaint").exit_code == 1  # nothing to change


FEEDBACK = "feedback_id,submitted_at,kind,text,touchpoint,unit,employee,contact,consent\n"
RESPONSES = (
    "response_id,submitted_at,time_zone,perspective,respondent,unit,supplier,touchpoint,survey,"
    "item,kind,value\n"
)


@pytest.mark.django_db
def test_an_import_opens_no_case_unless_asked_and_then_only_recent_input(workspace, tmp_path):
    recent, old = ago(days=1), ago(days=30)
    fb = tmp_path / "fb.csv"
    fb.write_text(
        FEEDBACK
        + f"F1,{recent},complaint,Rude at the desk,,SALES,,,\n"
        + f"F2,{old},complaint,Dirty car,,SALES,,,\n"
    )
    assert run("import", "feedback", str(fb)).exit_code == 0
    assert Case.objects.count() == 0
    rs = tmp_path / "rs.csv"
    rs.write_text(
        RESPONSES
        + f"R1,{recent},,customer,C1,SERVICE,,,,,nps,3\n"
        + f"R2,{old},,customer,C2,SERVICE,,,,,nps,3\n"
    )
    result = run("import", "responses", str(rs), "--open-cases")
    assert result.exit_code == 0, result.output
    assert [(c.trigger, c.unit.code) for c in Case.objects.all()] == [("detractor", "SERVICE")]
    fb.write_text(FEEDBACK + f"F3,{recent},complaint,Rude again,,SALES,,,\n")
    assert run("import", "feedback", str(fb), "--open-cases").exit_code == 0
    assert Case.objects.filter(trigger="complaint").count() == 1
