"""LimeSurvey response exports (CSV) other than the archive's: a real R data file LimeSurvey wrote
(tests/data/imports/responses/README.md), whose columns are headed by question texts.

It was accepted with exit 0 and "0 created": no column matched a question, every row was counted
"without answers" and nothing said why. It is now refused with the reason and what to export.
"""

from __future__ import annotations

from pathlib import Path

from servicegap.lib.limesurvey_responses import headed_by_text, read_export
from tests.transfer.test_import_export import cli, ok, refused, write

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
R_DATA = DATA / "responses" / "limesurvey" / "survey_998192_R_data_file.csv"
COLORS = str(DATA / "surveys" / "limesurvey" / "colors.lss")


def test_the_r_data_file_is_read_as_limesurvey_wrote_it():
    table = read_export(R_DATA.read_text(encoding="utf-8-sig"))
    # 71 columns, seven responses (ids 1, 4..9), headed by texts: "Response ID", not "id"
    assert len(table.header) == 71 and headed_by_text(table.header)
    assert table.header[:2] == ["Response ID", "Date submitted"]
    assert [cells[0] for _, cells in table.rows] == ["1", "4", "5", "6", "7", "8", "9"]
    assert all(len(cells) == 71 for _, cells in table.rows)


def test_a_file_headed_by_question_texts_is_refused_with_what_to_export(workspace):
    from servicegap.surveys.models import Response

    ok(cli("import", "limesurvey", COLORS, "--code", "COLORS"))
    result = refused(
        cli("import", "limesurvey-responses", str(R_DATA), "--survey", "COLORS", "--json")
    )
    assert f"{R_DATA}:1: Response ID: the columns are headed by question texts" in result.stderr
    assert "with the headings 'Question code'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not Response.objects.filter(survey__code="COLORS").exists()


def test_a_file_of_another_survey_is_refused_naming_the_surveys_codes(workspace, tmp_path):
    """Headed by codes, but none of them a question of the survey: refused, nothing written."""
    ok(cli("import", "limesurvey", COLORS, "--code", "COLORS"))
    path = write(tmp_path, "other.csv", "id,submitdate,OTHER1\n1,2024-05-01 10:00:00,A1\n")
    result = refused(cli("import", "limesurvey-responses", path, "--survey", "COLORS"))
    assert (
        f"{path}:1: no column answers a question of survey COLORS (its codes: G01Q02, G01Q03, "
        "G02Q04, Q00; the file's columns: OTHER1); is it the export of this survey?"
    ) in result.stderr


def test_question_code_and_text_headings_are_cut_to_the_code():
    """LimeSurvey's heading option "Question code & question text" writes ``CODE. Text``."""
    text = (
        '"id. Response ID","submitdate. Date submitted","Q00[SQ009]. Pick at least two. [Red]"\n'
        '"7","2024-05-01 10:00:00","Y"\n'
    )
    table = read_export(text)
    assert table.header == ["id", "submitdate", "Q00[SQ009]"]
    assert not headed_by_text(table.header)
