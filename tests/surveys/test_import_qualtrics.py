"""Qualtrics imports: `.qsf` survey definitions and response CSV exports with a column mapping,
against the real exports in shared/fixtures/qualtrics."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from servicegap.lib.qualtrics import FormatError, import_id, read_export
from tests.transfer.test_import_export import cli, ok, refused, write

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "qualtrics"
SAMPLE = str(FIXTURES / "sample.csv")
LEGACY = str(FIXTURES / "sample_legacy.csv")
TEXT_CSV = str(FIXTURES / "Questions_with_Text_Entry_Components.csv")
TEXT_QSF = str(FIXTURES / "Questions_with_Text_Entry_Components.qsf")
MC_CSV = str(FIXTURES / "Single_Answer_MC_Questions (Insights).csv")
MC_QSF = str(FIXTURES / "Single_Answer_MC_Questions.qsf")


def responses(code: str):
    from servicegap.surveys.models import Response

    return Response.objects.filter(survey__code=code)


def answers(code: str) -> set[tuple[str, str, object]]:
    from servicegap.surveys.models import Answer

    rows = Answer.objects.filter(response__survey__code=code)
    return {(a.item, a.kind, a.value) for a in rows}


def proposal(csv_path: str, survey: str, tmp_path: Path) -> str:
    """Run without --map: the command stops and prints the mapping to start from."""
    result = refused(cli("import", "qualtrics-responses", csv_path, "--survey", survey))
    assert "--map MAPPING.csv" in result.stderr
    return write(tmp_path, f"{survey}-map.csv", result.stdout)


@pytest.fixture
def sample_survey(workspace):
    from servicegap.surveys.models import Question, Survey

    survey = Survey.objects.create(workspace=workspace, code="SAMPLE", title="Sample")
    for position, (code, kind) in enumerate([("Q1", "choice"), ("Q2", "text")], start=1):
        Question.objects.create(
            workspace=workspace, survey=survey, code=code, kind=kind, position=position
        )
    return survey


def test_without_a_mapping_the_columns_and_a_proposed_mapping_are_printed(sample_survey, tmp_path):
    result = refused(cli("import", "qualtrics-responses", SAMPLE, "--survey", "SAMPLE"))
    assert "has 20 columns (StartDate, EndDate" in result.stderr
    rows = {r["column"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert (rows["Q1"]["item"], rows["Q1"]["kind"]) == ("Q1", "choice")
    assert (rows["Q2"]["item"], rows["Q2"]["kind"]) == ("Q2", "text")
    assert rows["RecordedDate"]["kind"] == "submitted_at"
    assert rows["ResponseId"]["kind"] == "response_id"
    assert rows["IPAddress"]["kind"] == "skip"
    assert rows["RecipientLastName"]["label"] == "Nachname des Empfängers"
    assert not responses("SAMPLE").exists()


def test_sample_export_imports_through_the_proposed_mapping_and_again_skips(
    sample_survey, tmp_path
):
    mapping = proposal(SAMPLE, "SAMPLE", tmp_path)
    args = ("import", "qualtrics-responses", SAMPLE, "--survey", "SAMPLE", "--map", mapping)
    report = json.loads(ok(cli(*args, "--json")).stdout)
    assert report["created"] == 1 and report["time_zone"] == "UTC"
    response = responses("SAMPLE").get()
    assert response.external_id == "R_2YPOQ602ER1jkf1"
    assert response.submitted_at.isoformat() == "2017-07-18T08:28:48+00:00"
    assert answers("SAMPLE") == {("Q1", "choice", "2"), ("Q2", "text", "Hello World!")}
    again = json.loads(ok(cli(*args, "--json")).stdout)
    assert (again["created"], again["unchanged"]) == (0, 1)


def test_time_zone_option_reads_the_export_dates_in_that_zone(sample_survey, tmp_path):
    mapping = proposal(SAMPLE, "SAMPLE", tmp_path)
    ok(cli("import", "qualtrics-responses", SAMPLE, "--survey", "SAMPLE", "--map", mapping,
           "--time-zone", "Europe/Zurich"))  # fmt: skip
    assert responses("SAMPLE").get().submitted_at.isoformat() == "2017-07-18T06:28:48+00:00"


def test_legacy_export_is_refused_naming_line_one_and_how_to_export_again(sample_survey):
    result = refused(cli("import", "qualtrics-responses", LEGACY, "--survey", "SAMPLE"))
    assert f"{LEGACY}:1: V1: this is a legacy Qualtrics export" in result.stderr
    assert "'Use legacy format' off" in result.stderr


def test_qsf_with_choice_groups_and_recodes_becomes_choice_questions_coded_by_recode(
    workspace,
):
    report = json.loads(
        ok(cli("import", "qualtrics-survey", MC_QSF, "--code", "MC", "--json")).stdout
    )
    from servicegap.surveys.models import Question

    found = {q.code: q for q in Question.objects.filter(survey__code="MC")}
    # block order; choice 2's text box ("Other: ...") is a text question of its own
    assert list(found) == ["Q2", "Q4", "Q3", "Q5", "mc_question_five", "mc_question_five_TEXT"]
    box = found["mc_question_five_TEXT"]
    assert box.kind == "text"
    assert box.condition == {"item": "mc_question_five", "kind": "choice", "in": ["2"]}
    # options in ChoiceOrder, coded by RecodeValues (as the exports write the answers)
    assert [o["code"] for o in found["Q5"].options] == ["10", "11", "12", "13", "14", "15", "16"]
    assert found["Q2"].text["en"].startswith("Click to write the question text")
    reasons = {(u["item"], u["reason"]) for u in report["unsupported"]}
    assert ("mc_question_five", "display logic not imported; always shown") in reasons
    assert not [r for _, r in reasons if "text entry" in r]


def test_insights_export_with_dict_style_import_ids_imports_into_the_qsf_survey(
    workspace, tmp_path
):
    ok(cli("import", "qualtrics-survey", MC_QSF, "--code", "MC"))
    mapping = proposal(MC_CSV, "MC", tmp_path)
    # Qualtrics generated these five as test responses (Status 2): kept only when asked for
    args = ("import", "qualtrics-responses", MC_CSV, "--survey", "MC", "--map", mapping)
    ok(cli(*args, "--include-preview"))
    assert responses("MC").count() == 5
    assert ("Q5", "choice", "13") in answers("MC")


def test_text_entry_survey_maps_matrix_rows_and_one_column_per_choice(workspace, tmp_path):
    report = json.loads(
        ok(cli("import", "qualtrics-survey", TEXT_QSF, "--code", "TE", "--json")).stdout
    )
    # The side-by-side question: one question per column, TAG#N coded TAG-N (docs/formats.md)
    assert not any(u["item"].startswith("SBS_text") for u in report["unsupported"])
    # SBS_text-1, -2 (Likert) and -3 (text) among them, and six text boxes typed into choices
    assert report["questions"] == 13
    assert not [u for u in report["unsupported"] if "text entry" in u["reason"]]
    mapping = proposal(TEXT_CSV, "TE", tmp_path)
    text = Path(mapping).read_text(encoding="utf-8")
    rows = {r["column"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (rows["Matrix_text_2"]["item"], rows["Matrix_text_2"]["kind"]) == (
        "Matrix_text.2",
        "choice",
    )
    assert (rows["MCMA_text_3"]["item"], rows["MCMA_text_3"]["value"]) == ("MCMA_text", "3")
    # a side-by-side column TAG#N_ROW answers row ROW of the question TAG-N
    sbs = rows["SBS_text#1_1"]
    assert (sbs["item"], sbs["kind"]) == ("SBS_text-1.1", "choice")
    args = ("import", "qualtrics-responses", TEXT_CSV, "--survey", "TE", "--map", mapping)
    ok(cli(*args, "--include-preview"))  # Qualtrics test responses (Status 2)
    assert responses("TE").count() == 15
    got = answers("TE")
    assert ("MCMA_text", "choice", "1") in got
    assert all(value != "-99" for _, _, value in got)  # seen but not answered: no answer
    _typed_text_arrives_as_text_answers(rows)


def _typed_text_arrives_as_text_answers(rows: dict[str, dict[str, str]]) -> None:
    """The ``_TEXT`` columns (text typed into a choice, or beside a matrix row) answer the text
    questions the .qsf import made for them: every non-empty cell arrives, word for word."""
    from servicegap.surveys.models import Answer, Question

    boxes = ["MCSA_single_text_TEXT", "MSCA_multi_text_TEXT", "MCMA_text_1_TEXT",
             "MCMA_text_2_TEXT", "Matrix_text_1_TEXT", "Matrix_text_2_TEXT"]  # fmt: skip
    for column in boxes:
        assert (rows[column]["item"], rows[column]["kind"]) == (column, "text")
    questions = {q.code: q for q in Question.objects.filter(survey__code="TE")}
    assert questions["MCMA_text_1_TEXT"].condition == {
        "item": "MCMA_text",
        "kind": "choice",
        "in": ["1"],
    }
    assert questions["MSCA_multi_text_TEXT"].condition["in"] == ["1", "2"]  # one box, 2 choices
    assert not questions["Matrix_text_1_TEXT"].condition  # a matrix row's box: always shown
    with open(TEXT_CSV, encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle))
    header, data = records[0], records[3:]
    expected = {
        (row[0], column, row[header.index(column)].strip())
        for row in data
        for column in boxes
        if row[header.index(column)].strip() not in ("", "-99")  # -99: seen, not answered
    }
    stored = Answer.objects.filter(response__survey__code="TE", item__in=boxes)
    got = {(a.response.external_id, a.item, a.value) for a in stored.select_related("response")}
    assert len(expected) == 70 and got == expected


def test_a_bad_mapping_is_refused_with_the_mapping_files_lines(sample_survey, tmp_path):
    mapping = write(
        tmp_path,
        "map.csv",
        "column,item,kind\nRecordedDate,,submitted_at\nQ1,NOPE,choice\nQ9,Q2,text\nQ2,Q2,texts\n",
    )
    result = refused(
        cli("import", "qualtrics-responses", SAMPLE, "--survey", "SAMPLE", "--map", mapping)
    )
    assert (
        f"{mapping}:3: item: no question of survey SAMPLE or standard with code 'NOPE'"
        in result.stderr
    )
    assert f"{mapping}:4: column: 'Q9' is not a column of the file" in result.stderr
    assert f"{mapping}:5: kind: 'texts' is not allowed" in result.stderr
    assert not responses("SAMPLE").exists()


def test_a_mapping_that_answers_a_question_with_another_kind_is_refused(sample_survey, tmp_path):
    mapping = write(
        tmp_path, "map.csv", "column,item,kind\nRecordedDate,,submitted_at\nQ2,Q2,rating\n"
    )
    result = refused(
        cli("import", "qualtrics-responses", SAMPLE, "--survey", "SAMPLE", "--map", mapping)
    )
    assert f"{mapping}:3: kind: question Q2 of survey SAMPLE takes text, not rating" in (
        result.stderr
    )
    assert not responses("SAMPLE").exists()


def test_a_bad_value_rejects_the_whole_file_with_line_and_column(sample_survey, tmp_path):
    from servicegap.surveys.models import Question

    Question.objects.filter(code="Q1").update(kind="nps")
    mapping = write(
        tmp_path, "map.csv", "column,item,kind\nRecordedDate,,submitted_at\nQ1,,nps\nQ2,Q2,text\n"
    )
    data = Path(SAMPLE).read_text(encoding="utf-8")
    data = data.replace(",DE,2,Hello", ",DE,11,Hello")
    path = write(tmp_path, "bad.csv", data + data.splitlines()[3].replace("R_2YP", "R_3YP") + "\n")
    result = refused(
        cli("import", "qualtrics-responses", path, "--survey", "SAMPLE", "--map", mapping)
    )
    assert f"{path}:4: Q1: nps must be between 0 and 10" in result.stderr
    assert not responses("SAMPLE").exists()


def test_missing_survey_option_and_unknown_survey_are_clear_errors(workspace):
    assert "needs --survey CODE" in refused(cli("import", "qualtrics-responses", SAMPLE)).stderr
    result = refused(cli("import", "qualtrics-responses", SAMPLE, "--survey", "NOPE"))
    assert "no survey with code 'NOPE'" in result.stderr


def test_import_ids_are_read_as_json_or_python_dict_literals_never_evaluated():
    assert import_id('{"ImportId":"QID1","timeZone":"America/Denver"}') == (
        "QID1",
        "America/Denver",
    )
    assert import_id("{'ImportId': 'QID2-TEXT'}") == ("QID2-TEXT", "")
    assert import_id("{'ImportId': __import__('os').getcwd()}") is None
    with pytest.raises(FormatError, match="row 3 must hold"):
        read_export("A,B\nx,y\n{'ImportId': 'a'},nope\n")


def test_a_broken_qsf_is_refused_with_its_json_line(workspace, tmp_path):
    path = write(tmp_path, "bad.qsf", '{"SurveyEntry": {},\n"SurveyElements": [\n}')
    result = refused(cli("import", "qualtrics-survey", path))
    assert f"{path}:3: JSON: not readable as JSON" in result.stderr
