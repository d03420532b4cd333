"""lib/limesurvey_responses.py: which question a LimeSurvey column answers, and what a cell
answers given that question."""

from __future__ import annotations

import pytest

from servicegap.lib.limesurvey_responses import (
    NotAnswer,
    QuestionShape,
    answers,
    column_key,
    read_export,
)

CODES = {"Q00", "Q00_B", "G02Q04", "GRID"}


def test_columns_by_code_brackets_underscores_and_sgqa():
    assert column_key("Q00[SQ001]", CODES) == ("Q00", "SQ001")
    assert column_key("Q00_B", CODES) == ("Q00_B", "")  # the longest code that fits
    assert column_key("Q00_SQ001", CODES) == ("Q00", "SQ001")
    assert column_key("841748X3X3SQ001", CODES, {"3": "Q00"}) == ("Q00", "SQ001")
    assert column_key("841748X4X28", CODES, {"28": "G02Q04"}) == ("G02Q04", "")
    assert column_key("submitdate", CODES) is None
    assert column_key("NOPE", CODES) is None


def test_cells_of_multiple_choice_lists_and_checkbox_matrices():
    multiple = QuestionShape(
        "Q00", "choice", [("SQ001", "Red"), ("SQ002", "Blue")], [], True, False
    )
    assert answers(multiple, "SQ001", "Y") == [("Q00", "SQ001")]
    assert answers(multiple, "SQ002", "") == []
    listed = QuestionShape("G02Q04", "choice", [("AO01", "Yes"), ("AO02", "No")], [], False, False)
    assert answers(listed, "", "No") == [("G02Q04", "AO02")]  # a full-answer export's label
    with pytest.raises(ValueError, match="'AO99' is not an option of question G02Q04"):
        answers(listed, "", "AO99")
    with pytest.raises(NotAnswer, match="Other"):
        answers(listed, "other", "something")
    grid = QuestionShape("GRID", "choice", [("X1", ""), ("X2", "")], ["Y1", "Y2"], True, False)
    assert answers(grid, "Y2_X1", "1") == [("GRID.Y2", "X1")]
    assert answers(grid, "Y1", "X2") == [("GRID.Y1", "X2")]


def test_the_tab_separated_vv_file_has_its_codes_on_line_two():
    text = "Response ID\tQuestion one\nid\tQ00\n1\tY\n"
    table = read_export(text)
    assert table.header == ["id", "Q00"] and table.rows == [(3, ["1", "Y"])]
