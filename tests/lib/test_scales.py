import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegap.lib.scales import AnswerError, clean_answer, rescale


def test_it_accepts_an_experience_rating_on_the_scale():
    a = clean_answer("GREET", "experience", 7, scale_max=7)
    assert (a.item, a.kind, a.value_num) == ("GREET", "experience", 7.0)


@pytest.mark.parametrize("value", [0, 8, 99, -1])
def test_it_rejects_a_rating_outside_the_scale(value):
    with pytest.raises(AnswerError) as err:
        clean_answer("GREET", "experience", value, scale_max=7)
    assert err.value.field == "value"


def test_it_rejects_a_fractional_rating():
    with pytest.raises(AnswerError):
        clean_answer("GREET", "experience", 4.5, scale_max=7)


def test_it_rejects_an_item_on_a_whole_response_kind():
    with pytest.raises(AnswerError) as err:
        clean_answer("GREET", "nps", 9, scale_max=7)
    assert err.value.field == "item"


def test_it_requires_an_item_for_an_experience_rating():
    with pytest.raises(AnswerError) as err:
        clean_answer("", "experience", 5, scale_max=7)
    assert err.value.field == "item"


def test_nps_is_on_zero_to_ten_whatever_the_survey_scale():
    assert clean_answer(None, "nps", 0, scale_max=5).value_num == 0.0
    with pytest.raises(AnswerError):
        clean_answer(None, "nps", 11, scale_max=10)


def test_moments_are_one_of_three_faces():
    assert clean_answer(None, "moment", "Magic", 7).value_text == "magic"
    with pytest.raises(AnswerError):
        clean_answer(None, "moment", "meh", 7)


def test_importance_goes_to_a_dimension():
    assert clean_answer("people", "importance", 40, 7).value_num == 40.0
    with pytest.raises(AnswerError):
        clean_answer("GREET", "importance", 40, 7)


def test_a_general_comment_has_no_item_and_text_is_kept_verbatim():
    assert clean_answer("", "text", "  Great  ", 7).value_text == "  Great  "


@pytest.mark.parametrize("bad", [True, "abc", None, float("nan"), float("inf")])
def test_it_rejects_values_that_are_not_finite_numbers(bad):
    with pytest.raises(AnswerError):
        clean_answer("GREET", "experience", bad, 7)


def test_it_rejects_an_unknown_kind():
    with pytest.raises(AnswerError) as err:
        clean_answer("GREET", "stars", 3, 7)
    assert err.value.field == "kind"


@given(st.sampled_from([5, 7, 10]), st.sampled_from([5, 7, 10]), st.data())
def test_rescaling_keeps_the_ends_and_the_order(src, dst, data):
    a = data.draw(st.integers(1, src))
    b = data.draw(st.integers(1, src))
    assert rescale(1, src, dst) == 1
    assert rescale(src, src, dst) == pytest.approx(dst)
    if a < b:
        assert rescale(a, src, dst) < rescale(b, src, dst)
    assert 1 <= rescale(a, src, dst) <= dst
