"""Qualtrics response exports imported without loss (issue 19): answers checked against the
options (labels of "with choice text" exports become codes), the ImportId row used for matching
and for side-by-side columns, multiple-answer matrix columns with custom export tags proposed,
and preview/test/spam/unfinished rows left out and counted. Real exports (provenance in
tests/data/imports/responses/README.md and shared/fixtures/README.md); where a test needs a
variant (a German header, a label, an unfinished row) it derives it from the real file in the
test and says so."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from servicegap.lib.qualtrics import read_export
from tests.surveys.test_import_qualtrics import MC_CSV, MC_QSF, SAMPLE, answers, responses
from tests.transfer.test_import_export import cli, ok, refused, write

DATA = Path(__file__).resolve().parents[1] / "data" / "imports" / "responses" / "qualtrics"
SBS_CSV = str(DATA / "SidebySide_Questions (Insights).csv")
SBS_QSF = str(DATA / "Side-by-Side_Questions.qsf")
MAM_CSV = str(DATA / "Multiple_Answer_Matrix_Questions (Insights).csv")
MAM_QSF = str(DATA / "Multiple_Answer_Matrix_Questions.qsf")


def proposed(csv_path: str, survey: str) -> dict[str, dict[str, str]]:
    result = refused(cli("import", "qualtrics-responses", csv_path, "--survey", survey))
    assert "--map MAPPING.csv" in result.stderr, result.stderr
    return {r["column"]: r for r in csv.DictReader(io.StringIO(result.stdout))}


def mapping_of(rows: dict[str, dict[str, str]], tmp_path: Path) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, ["column", "item", "kind", "value", "label"])
    writer.writeheader()
    writer.writerows(rows.values())
    return write(tmp_path, "map.csv", out.getvalue())


def test_side_by_side_columns_with_one_id_are_told_apart_by_their_import_ids(workspace, tmp_path):
    """Row 1 names two columns ``Q6#2_Q6_1_2_TEXT`` (and two more pairs); they were refused as
    "appears twice in the header". Each side-by-side column ``Q1#2_3`` answers row 3 of the
    question ``Q1-2`` the .qsf import makes of column 2."""
    text = Path(SBS_CSV).read_text(encoding="utf-8")
    ids = [c.id for c in read_export(text).columns]
    assert "Q6#2_Q6_1_2_TEXT [QID6#2-1-1-TEXT]" in ids
    assert "Q6#2_Q6_1_2_TEXT [QID6#2-1-2-TEXT]" in ids
    assert len(ids) == len(set(ids))
    ok(cli("import", "qualtrics-survey", SBS_QSF, "--code", "SBS"))
    rows = proposed(SBS_CSV, "SBS")
    assert (rows["ResponseID"]["kind"], rows["EndDate"]["kind"]) == ("response_id", "submitted_at")
    assert (rows["Q1#2_3"]["item"], rows["Q1#2_3"]["kind"]) == ("Q1-2.3", "choice")
    assert (rows["Q8#1_statement_two_1"]["item"]) == "Q8-1.2"  # custom row tag, ImportId row 2
    mapping = mapping_of(rows, tmp_path)
    ok(cli("import", "qualtrics-responses", SBS_CSV, "--survey", "SBS", "--map", mapping,
           "--include-preview"))  # fmt: skip
    table = list(csv.reader(io.StringIO(text)))
    first = dict(zip(table[0], table[3], strict=False))
    got = answers("SBS")
    assert ("Q1-2.3", "choice", first["Q1#2_3"]) in got
    assert ("Q7-1.1", "choice", first["Q7#1_1"]) in got


def test_multiple_answer_matrix_columns_and_custom_export_tags_are_proposed(workspace, tmp_path):
    """``Q3_question_one_1``: matrix Q3, row exported as "question_one" (custom tag, ImportId
    QID3-1-1), option 1: proposed as item Q3.1 with value 1 (was: skip)."""
    ok(cli("import", "qualtrics-survey", MAM_QSF, "--code", "MAM"))
    rows = proposed(MAM_CSV, "MAM")
    assert (rows["Q2_1_1"]["item"], rows["Q2_1_1"]["kind"], rows["Q2_1_1"]["value"]) == (
        "Q2.1", "choice", "1",
    )  # fmt: skip
    assert (rows["Q3_question_one_1"]["item"], rows["Q3_question_one_1"]["value"]) == ("Q3.1", "1")
    assert (rows["Q5_question_three_13"]["item"], rows["Q5_question_three_13"]["value"]) == (
        "Q5.3", "13",
    )  # fmt: skip
    # the box beside row 2 ("question_two", ImportId QID4-2-TEXT): a text question of its own
    box = rows["matrix_question_five_question_two_TEXT"]
    assert (box["item"], box["kind"]) == ("matrix_question_five_question_two_TEXT", "text")
    mapping = mapping_of(rows, tmp_path)
    args = ("import", "qualtrics-responses", MAM_CSV, "--survey", "MAM", "--map", mapping)
    ok(cli(*args, "--include-preview"))  # Qualtrics test responses (Status 2)
    assert responses("MAM").count() == 5
    # Every ticked cell of the custom-tagged matrix Q3 of the first response, read from the file
    table = list(csv.reader(io.StringIO(Path(MAM_CSV).read_text(encoding="utf-8"))))
    first = dict(zip(table[0], table[3], strict=False))
    ticked = {
        (f"Q3.{['one', 'two', 'three'].index(row) + 1}", option)
        for row in ("one", "two", "three")
        for option in "1234"
        if first[f"Q3_question_{row}_{option}"]
    }
    from servicegap.surveys.models import Answer

    stored = Answer.objects.filter(
        response__external_id=first["ResponseID"], item__startswith="Q3."
    )
    assert ticked and {(a.item, a.value) for a in stored} == ticked
    # the text typed beside row 2, every response's word for word
    box_at = table[0].index("matrix_question_five_question_two_TEXT")
    typed = Answer.objects.filter(
        response__survey__code="MAM", item="matrix_question_five_question_two_TEXT"
    )
    assert {(a.response.external_id, a.value) for a in typed} == {
        (row[0], row[box_at]) for row in table[3:]
    }


def test_test_rows_are_left_out_and_counted_unless_kept(workspace, tmp_path):
    """All five rows of the Insights export are Qualtrics test responses (Status 2); they were
    imported as answers."""
    ok(cli("import", "qualtrics-survey", MC_QSF, "--code", "MC"))
    mapping = mapping_of(proposed(MC_CSV, "MC"), tmp_path)
    args = ("import", "qualtrics-responses", MC_CSV, "--survey", "MC", "--map", mapping)
    result = ok(cli(*args, "--json"))
    report = json.loads(result.stdout)
    assert (report["created"], report["left_out"]) == (0, {"test": 5})
    assert "5 test row(s) left out; --include-preview keeps them" in result.stderr
    assert not responses("MC").exists()
    assert json.loads(ok(cli(*args, "--include-preview", "--json")).stdout)["created"] == 5


def test_unfinished_rows_are_left_out_unless_kept(workspace, tmp_path):
    from servicegap.surveys.models import Question, Survey

    survey = Survey.objects.create(workspace=workspace, code="SAMPLE", title="Sample")
    for position, (code, kind) in enumerate([("Q1", "choice"), ("Q2", "text")], start=1):
        Question.objects.create(
            workspace=workspace, survey=survey, code=code, kind=kind, position=position
        )
    # The real response, and the same response unfinished (Progress 40, Finished 0): derived here.
    lines = Path(SAMPLE).read_text(encoding="utf-8").splitlines()
    unfinished = lines[3].replace(",100,38,1,", ",40,38,0,").replace("R_2YP", "R_3YP")
    path = write(tmp_path, "sample.csv", "\n".join([*lines, unfinished]) + "\n")
    mapping = mapping_of(proposed(path, "SAMPLE"), tmp_path)
    args = ("import", "qualtrics-responses", path, "--survey", "SAMPLE", "--map", mapping)
    result = ok(cli(*args))
    assert "1 unfinished row(s) left out; --include-unfinished keeps them" in result.stderr
    assert responses("SAMPLE").count() == 1
    ok(cli(*args, "--include-unfinished"))
    assert responses("SAMPLE").count() == 2


def _with_q5_cells(rows_out: list[list[str]], value: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for i, row in enumerate(rows_out):
        writer.writerow(row if i < 3 else [*row[:14], value, *row[15:]])
    return out.getvalue()


def test_choice_text_export_labels_become_option_codes(workspace, tmp_path):
    """An export "with choice text" writes the option's label, not its code; the label was
    stored as the answer. The variant is derived from the real export: Q5's recode 13 replaced
    by that option's label as the .qsf gives it."""
    from servicegap.surveys.models import Question

    ok(cli("import", "qualtrics-survey", MC_QSF, "--code", "MC"))
    q5 = Question.objects.get(survey__code="MC", code="Q5")
    label = next(o["label"] for o in q5.options if o["code"] == "13")
    rows = list(csv.reader(io.StringIO(Path(MC_CSV).read_text(encoding="utf-8"))))
    path = write(tmp_path, "text.csv", _with_q5_cells(rows, label))
    mapping = mapping_of(proposed(path, "MC"), tmp_path)
    ok(cli("import", "qualtrics-responses", path, "--survey", "MC", "--map", mapping,
           "--include-preview"))  # fmt: skip
    values = {value for item, _, value in answers("MC") if item == "Q5"}
    assert values == {"13"}


def test_a_value_that_is_no_option_is_refused_naming_the_column(workspace, tmp_path):
    """A numeric value outside the question's options (99 for Q5, options 10-16) was stored."""
    from servicegap.surveys.models import Response

    ok(cli("import", "qualtrics-survey", MC_QSF, "--code", "MC"))
    rows = list(csv.reader(io.StringIO(Path(MC_CSV).read_text(encoding="utf-8"))))
    path = write(tmp_path, "bad.csv", _with_q5_cells(rows, "99"))
    mapping = mapping_of(proposed(path, "MC"), tmp_path)
    result = refused(cli("import", "qualtrics-responses", path, "--survey", "MC", "--map",
                         mapping, "--include-preview"))  # fmt: skip
    assert f"{path}:4: Q5: '99' is neither the code nor the label of an option of question Q5" in (
        result.stderr
    )
    assert not Response.objects.exists()


def test_a_german_header_row_still_maps_the_response_id_and_the_date(workspace, tmp_path):
    """The ImportId row does not change with the export's language: a German row 1 (derived
    here from the real export: its German labels of row 2 put in row 1) left response_id and
    submitted_at unmapped."""
    from servicegap.surveys.models import Survey

    Survey.objects.create(workspace=workspace, code="SAMPLE", title="Sample")
    lines = Path(SAMPLE).read_text(encoding="utf-8").splitlines()
    german = "\n".join([lines[1], *lines[1:]]) + "\n"
    path = write(tmp_path, "german.csv", german)
    rows = proposed(path, "SAMPLE")
    assert rows["Erfassungsdatum"]["kind"] == "submitted_at"
    assert rows["Antwort-ID"]["kind"] == "response_id"
    assert rows["Enddatum"]["kind"] == "skip"  # RecordedDate is there: EndDate is not the date
