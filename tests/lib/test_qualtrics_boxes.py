"""lib/qualtrics.py: the text typed into a choice (``_TEXT`` columns) answers the text question the
.qsf import made for it, in both ways Qualtrics names the column."""

from __future__ import annotations

from servicegap.lib.qualtrics import Column, QuestionInfo, match_column

QUESTIONS = [
    QuestionInfo("Q1", "choice", ["1", "2", "3"], []),
    QuestionInfo("Q1_TEXT", "text", [], []),  # single answer: one box
    QuestionInfo("Q3", "choice", ["1", "2", "3"], [], multiple=True),
    QuestionInfo("Q3_2_TEXT", "text", [], []),  # multiple answer: one box per boxed choice
]


def target(column_id: str, import_id: str) -> tuple[str, str, str] | None:
    return match_column(Column(0, column_id, "", import_id), QUESTIONS, set())


def test_an_insights_export_names_the_single_answer_box_by_the_question():
    assert target("Q1_TEXT", "QID1-TEXT") == ("Q1_TEXT", "text", "")


def test_a_current_export_names_it_by_the_choice_too():
    assert target("Q1_3_TEXT", "QID1_3_TEXT") == ("Q1_TEXT", "text", "")


def test_a_multiple_answer_box_is_its_choices_own():
    assert target("Q3_2_TEXT", "QID3_2_TEXT") == ("Q3_2_TEXT", "text", "")
    assert target("Q3_2", "QID3_2") == ("Q3", "choice", "2")  # the tick stays a choice


def test_a_box_without_a_text_question_is_still_skipped():
    assert target("Q3_1_TEXT", "QID3_1_TEXT") is None
