"""`servicegap import --skip-invalid`: the good rows are written, the bad ones go to a reject file
with their reasons; without the option an import stays all-or-nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.surveys.test_import_qualtrics import SAMPLE
from tests.transfer.test_import_export import cli, ok, refused, write

UNITS = "code,name,parent\nNORTH,North,HQ\nBAD,,HQ\nEAST,East,HQ\n"


def rejects(path: str | Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def unit_codes(workspace) -> set[str]:
    from servicegap.people.models import Unit

    return set(Unit.objects.of(workspace).values_list("code", flat=True))


def test_good_rows_are_written_and_the_bad_row_goes_to_the_reject_file(workspace, tmp_path):
    path = write(tmp_path, "units.csv", UNITS)
    result = ok(cli("import", "units", path, "--skip-invalid", "--json"))
    assert {"NORTH", "EAST"} <= unit_codes(workspace) and "BAD" not in unit_codes(workspace)
    report = json.loads(result.stdout)
    assert (report["created"], report["rejected"]) == (2, 1)
    assert report["rejects"] == f"{path}.rejects.csv"
    assert rejects(f"{path}.rejects.csv") == [
        {"line": "3", "problems": "name: is required", "code": "BAD", "name": "", "parent": "HQ"}
    ]
    assert f"1 bad row(s) written to {path}.rejects.csv" in result.stderr


def test_without_skip_invalid_nothing_is_written_and_no_reject_file_appears(workspace, tmp_path):
    path = write(tmp_path, "units.csv", UNITS)
    result = refused(cli("import", "units", path))
    assert f"{path}:3: name: is required" in result.stderr
    assert "NORTH" not in unit_codes(workspace)
    assert not Path(f"{path}.rejects.csv").exists()


def test_a_row_that_needed_a_rejected_row_is_rejected_too_with_its_own_reason(workspace, tmp_path):
    text = "code,name,parent\nREGION,,HQ\nNORTH,North,REGION\nEAST,East,HQ\n"
    path = write(tmp_path, "units.csv", text)
    target = tmp_path / "bad.csv"
    ok(cli("import", "units", path, "--skip-invalid", "--rejects", str(target)))
    assert "EAST" in unit_codes(workspace) and "NORTH" not in unit_codes(workspace)
    rows = rejects(target)
    assert [r["line"] for r in rows] == ["2", "3"]
    assert "REGION" in rows[1]["problems"]


def test_a_bad_header_rejects_the_whole_file_even_with_skip_invalid(workspace, tmp_path):
    path = write(tmp_path, "units.csv", "code,nom\nX,Y\n")
    result = refused(cli("import", "units", path, "--skip-invalid"))
    assert "nom: unknown column" in result.stderr
    assert "X" not in unit_codes(workspace)


def test_a_clean_file_with_skip_invalid_writes_an_empty_reject_file(workspace, tmp_path):
    path = write(tmp_path, "units.csv", "code,name,parent\nWEST,West,HQ\n")
    ok(cli("import", "units", path, "--skip-invalid"))
    assert (
        Path(f"{path}.rejects.csv").read_text(encoding="utf-8")
        == "line,problems,code,name,parent\n"
    )


def test_stdin_with_skip_invalid_needs_an_explicit_reject_file(workspace):
    result = refused(cli("import", "units", "-", "--skip-invalid", stdin=UNITS.encode()))
    assert "needs --rejects FILE" in result.stderr


def test_rejected_qualtrics_responses_keep_their_original_cells(workspace, tmp_path):
    from servicegap.surveys.models import Question, Response, Survey

    survey = Survey.objects.create(workspace=workspace, code="S", title="S")
    Question.objects.create(workspace=workspace, survey=survey, code="Q1", kind="nps")
    mapping = write(
        tmp_path,
        "map.csv",
        "column,item,kind\nRecordedDate,,submitted_at\nResponseId,,response_id\nQ1,,nps\n",
    )
    lines = Path(SAMPLE).read_text(encoding="utf-8").splitlines()
    bad = lines[3].replace("R_2YP", "R_BAD").replace(",DE,2,", ",DE,12,")
    path = write(tmp_path, "export.csv", "\n".join([*lines, bad]) + "\n")
    result = ok(
        cli(
            "import",
            "qualtrics-responses",
            path,
            "--survey",
            "S",
            "--map",
            mapping,
            "--skip-invalid",
            "--json",
        )
    )
    assert (json.loads(result.stdout)["created"], json.loads(result.stdout)["rejected"]) == (1, 1)
    assert list(Response.objects.values_list("external_id", flat=True)) == ["R_2YPOQ602ER1jkf1"]
    (row,) = rejects(f"{path}.rejects.csv")
    assert row["line"] == "5" and row["ResponseId"] == "R_BADOQ602ER1jkf1"
    assert row["problems"].startswith("Q1: nps must be between 0 and 10")
