"""Import and export of responses (the canonical long CSV), feedback and transactions."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from servicegap.cli import main_group
from servicegap.feedback.models import Feedback, Recognition
from servicegap.loyalty.models import Transaction
from servicegap.surveys.contract import record_response
from servicegap.surveys.models import Answer, Response

HEADER = "response_id,submitted_at,time_zone,perspective,respondent,unit,supplier,touchpoint,survey,item,kind,value"
RESPONSES = (
    HEADER + "\n"
    "r1,2026-03-01T10:00:00Z,Europe/Amsterdam,customer,C1,SALES,,,,GREET,expectation,6\n"
    "r1,2026-03-01T10:00:00Z,Europe/Amsterdam,customer,C1,SALES,,,,GREET,experience,4\n"
    "r1,2026-03-01T10:00:00Z,Europe/Amsterdam,customer,C1,SALES,,,,,nps,9\n"
    "r2,2026-03-02T09:30:00+01:00,,employee,E1,SERVICE,,,,CLEAN,experience,5\n"
    "r3,2026-03-02T11:00:00Z,,internal,,SALES,SERVICE,,,CALLBACK,experience,3\n"
    'r4,2026-03-03T08:00:00Z,,customer,,,,,,,text,"Fine, thanks"\n'
)


def cli(*args: str, workspace: str = "acme") -> Result:
    return CliRunner().invoke(main_group, ["--workspace", workspace, *args])


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.stderr + repr(result.exception)
    return result


def refused(result: Result) -> list[str]:
    assert result.exit_code != 0 and "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return [line for line in result.stderr.splitlines() if ":" in line]


def import_text(tmp_path: Path, kind: str, text: str, workspace: str = "acme") -> Result:
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    return cli("import", kind, str(path), workspace=workspace)


def export_text(kind: str, workspace: str = "acme") -> str:
    return ok(cli("export", kind, workspace=workspace)).stdout


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def loaded(workspace, standards, tmp_path):
    ok(import_text(tmp_path, "responses", RESPONSES))
    return workspace


# --- responses --------------------------------------------------------------------------------


def test_an_import_groups_rows_into_responses_one_answer_per_row(loaded):
    assert Response.objects.of(loaded).count() == 4
    assert Answer.objects.of(loaded).count() == 6
    r1 = Response.objects.of(loaded).get(external_id="r1")
    assert (r1.time_zone, r1.respondent.code, r1.unit.code) == ("Europe/Amsterdam", "C1", "SALES")
    assert r1.answers.get(kind="experience").standard_version.standard.code == "GREET"
    assert Response.objects.of(loaded).get(external_id="r2").respondent.kind == "employee"


def test_the_export_writes_the_canonical_header_and_one_row_per_answer(loaded):
    rows = rows_of(export_text("responses"))
    assert ",".join(rows[0]) == HEADER
    assert len(rows) == 7
    assert rows[1][:5] == ["r1", "2026-03-01T10:00:00Z", "Europe/Amsterdam", "customer", "C1"]
    assert ["r4", "2026-03-03T08:00:00Z", "", "customer", "", "", "", "", "", "", "text",
            "Fine, thanks"] in rows  # fmt: skip
    assert rows_of(export_text("responses"))[4][:2] == ["r2", "2026-03-02T08:30:00Z"]


def test_a_response_without_an_external_id_is_exported_under_its_id(workspace, standards):
    r = record_response(
        workspace,
        {"submitted_at": "2026-03-01T10:00:00Z", "perspective": "customer",
         "answers": [{"item": "GREET", "kind": "experience", "value": 5}]},
    )  # fmt: skip
    assert rows_of(export_text("responses"))[1][0] == str(r.pk)


def test_export_then_import_into_an_empty_workspace_reproduces_the_headline(
    loaded, other_workspace, tmp_path
):
    from servicegap.gaps.kinds import run

    for kind in ("units", "standards", "responses"):
        ok(import_text(tmp_path, kind, export_text(kind), workspace="other"))
    mine, theirs = (run(ws, "headline", {})["rows"] for ws in (loaded, other_workspace))
    assert mine == theirs and any(r.get("n") for r in mine)
    assert export_text("responses", "other") == export_text("responses")


def test_reimporting_identical_responses_skips_them(loaded, tmp_path):
    result = ok(import_text(tmp_path, "responses", export_text("responses")))
    assert "0 created" in result.stderr and "4 unchanged" in result.stderr
    assert Response.objects.of(loaded).count() == 4


def test_reimporting_a_response_id_with_changed_content_is_a_bad_row(loaded, tmp_path):
    changed = RESPONSES.replace("GREET,experience,4", "GREET,experience,5")
    lines = refused(import_text(tmp_path, "responses", changed))
    assert any(line.startswith(f"{tmp_path}/responses.csv:2: response_id:") for line in lines)
    assert Answer.objects.of(loaded).filter(value_num=5, item="GREET").count() == 0


def test_bad_rows_are_reported_as_file_line_column_and_nothing_is_stored(
    workspace, standards, tmp_path
):
    text = (
        HEADER + "\n"
        "a,2026-03-01T10:00:00Z,,customer,,,,,,GREET,experience,99\n"
        "b,2026-03-01T10:00:00Z,,customer,,NOPE,,,,GREET,experience,3\n"
        "c,yesterday,,customer,,,,,,GREET,experience,3\n"
        "d,2026-03-01T10:00:00Z,,customer,,,,,,GREET,experience,3\n"
        "d,2026-03-01T10:00:00Z,,employee,,,,,,GREET,expectation,3\n"
        "e,2026-03-01T10:00:00Z,,customer,,,,,,GREET,experience,3\n"
    )
    lines = refused(import_text(tmp_path, "responses", text))
    where = [line.split(": ", 2)[:2] for line in lines if line.startswith(str(tmp_path))]
    name = f"{tmp_path}/responses.csv"
    assert where == [
        [f"{name}:2", "value"],
        [f"{name}:3", "unit"],
        [f"{name}:4", "submitted_at"],
        [f"{name}:6", "perspective"],
    ]
    assert Response.objects.count() == 0


def test_another_workspaces_responses_are_never_exported(loaded, other_workspace):
    rows = rows_of(export_text("responses", workspace="other"))
    assert rows == [HEADER.split(",")]


def test_a_large_file_is_imported_in_bulk(workspace, standards, tmp_path):
    lines = [HEADER]
    for i in range(3000):
        for kind, value in (("expectation", 6), ("experience", 1 + i % 7)):
            lines.append(f"x{i},2026-03-01T10:00:00Z,,customer,C{i % 50},,,,,GREET,{kind},{value}")
    ok(import_text(tmp_path, "responses", "\n".join(lines) + "\n"))
    assert Answer.objects.of(workspace).count() == 6000
    assert Response.objects.of(workspace).values("respondent").distinct().count() == 50


# --- feedback ---------------------------------------------------------------------------------

FEEDBACK = (
    "feedback_id,submitted_at,kind,text,touchpoint,unit,employee,contact,consent\n"
    "f1,2026-03-01T10:00:00Z,compliment,Ann was great,,SALES,E1,,\n"
    'f2,2026-03-02T10:00:00Z,complaint,"<script>x</script>, late",,,,ann@example.test,true\n'
)


@pytest.fixture
def employee(workspace):
    from servicegap.people.models import Person, Unit

    sales = Unit.objects.of(workspace).get(code="SALES")
    return Person.objects.create(workspace=workspace, code="E1", kind="employee", unit=sales)


def test_feedback_round_trips_and_a_named_compliment_becomes_a_recognition(
    workspace, employee, tmp_path
):
    ok(import_text(tmp_path, "feedback", FEEDBACK))
    assert Recognition.objects.of(workspace).get().employee == employee
    f2 = Feedback.objects.of(workspace).get(external_id="f2")
    assert (f2.text, f2.contact, f2.consent) == (
        "<script>x</script>, late",
        "ann@example.test",
        True,
    )
    exported = export_text("feedback")
    assert rows_of(exported) == rows_of(FEEDBACK.replace(",\n", ",false\n", 1))
    assert "2 unchanged" in ok(import_text(tmp_path, "feedback", exported)).stderr


def test_bad_feedback_rows_name_their_column(workspace, employee, tmp_path):
    text = FEEDBACK.replace("compliment", "rant").replace("true", "")
    lines = refused(import_text(tmp_path, "feedback", text))
    assert [line.split(": ")[1] for line in lines if line.startswith(str(tmp_path))] == [
        "kind",
        "consent",
    ]
    assert Feedback.objects.count() == 0


# --- transactions -----------------------------------------------------------------------------


def test_transactions_create_unknown_customers_and_round_trip(workspace, tmp_path):
    from servicegap.people.models import Person

    text = "customer,date,amount\nC1,2026-03-01,1234.50\nC2,2026-03-02,-20\n"
    ok(import_text(tmp_path, "transactions", text))
    assert Person.objects.of(workspace).get(code="C2").kind == "customer"
    assert export_text("transactions") == text.replace("-20", "-20.00")
    assert Transaction.objects.of(workspace).count() == 2


def test_transactions_with_a_reference_are_not_imported_twice(workspace, tmp_path):
    text = "customer,date,amount,reference\nC1,2026-03-01,10,INV-1\n"
    ok(import_text(tmp_path, "transactions", text))
    assert "1 unchanged" in ok(import_text(tmp_path, "transactions", text)).stderr
    refused(import_text(tmp_path, "transactions", text.replace(",10,", ",11,")))
    assert Transaction.objects.of(workspace).count() == 1


def test_bad_transaction_rows_are_refused_with_their_line(workspace, tmp_path):
    text = "customer,date,amount\nC1,2026-02-30,10\nC1,2026-03-01,1.234\n,2026-03-01,5\n"
    lines = refused(import_text(tmp_path, "transactions", text))
    assert [line.split(": ")[:2] for line in lines if line.startswith(str(tmp_path))] == [
        [f"{tmp_path}/transactions.csv:2", "date"],
        [f"{tmp_path}/transactions.csv:3", "amount"],
        [f"{tmp_path}/transactions.csv:4", "customer"],
    ]
    assert Transaction.objects.count() == 0
