"""The free answer kinds of imported surveys (servicegap/lib/scales.py: ``number``, ``date``)
and their checks against a question's limits (servicegap/surveys/answering_free.py)."""

from __future__ import annotations

import pytest

from servicegap.lib.scales import KINDS, AnswerError, clean_answer
from servicegap.surveys.answering_free import check, input_attributes
from servicegap.surveys.respond_text import EN


def test_number_and_date_are_answer_kinds_stored_as_number_and_text():
    assert {"number", "date"} <= set(KINDS)
    assert clean_answer("AGE", "number", "-12.5", 5).value_num == -12.5
    assert clean_answer("AGE", "number", 1e9, 5).value_num == 1e9  # no scale: any finite number
    assert clean_answer("DAY", "date", "2026-03-01 00:00:00", 5).value_text == "2026-03-01"
    assert clean_answer("DAY", "date", "2026-03-01T09:30:59", 5).value_text == "2026-03-01T09:30"


@pytest.mark.parametrize(
    ("kind", "value"),
    [("number", "NaN"), ("number", "inf"), ("number", True), ("number", "x"), ("date", "2026-02-30"),
     ("date", "01/03/2026"), ("date", 20260301), ("date", "")],
)  # fmt: skip
def test_bad_free_answers_are_refused_naming_the_value(kind, value):
    with pytest.raises(AnswerError) as caught:
        clean_answer("Q", kind, value, 5)
    assert caught.value.field == "value"


def test_a_free_answer_needs_an_item():
    with pytest.raises(AnswerError, match="needs an item"):
        clean_answer("", "number", 3, 5)


def test_the_limits_of_a_question_are_checked_on_its_page():
    limits = {"min": 0, "max": 10, "integer": True}
    assert check("number", limits, "7", EN) == ("7", "")
    assert check("number", limits, "7,0", EN) == ("7", "")  # a decimal comma
    assert check("number", limits, "11", EN)[1] == "Please enter 10 or less."
    assert check("number", limits, "-1", EN)[1] == "Please enter 0 or more."
    assert check("number", limits, "2.5", EN)[1] == "Please enter a whole number."
    assert check("number", {}, "2.5", EN) == ("2.5", "")
    days = {"min": "2026-01-01", "max": "2026-12-31"}
    assert check("date", days, "2026-03-01", EN) == ("2026-03-01", "")
    assert check("date", days, "2025-12-31", EN)[1] == "Please enter 2026-01-01 or later."
    assert check("date", days, "2027-01-01T10:00", EN)[1] == "Please enter 2026-12-31 or earlier."
    assert check("date", {}, "soon", EN)[1] == "Please enter a date."


def test_the_input_fits_the_answer():
    assert input_attributes("number", {"min": 0, "integer": True}) == {
        "type": "number", "step": "1", "min": "0",
    }  # fmt: skip
    assert input_attributes("date", {"time": True, "max": "2026-12-31"}) == {
        "type": "datetime-local", "max": "2026-12-31T23:59",
    }  # fmt: skip
