"""Kano categories follow the Berger et al. (1993) evaluation table, cell by cell."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegap.lib.kano import ANSWERS, TABLE, category, summarise

# Berger et al. (1993), rows = functional answer, columns = dysfunctional answer,
# both in the order like, must-be, neutral, live-with, dislike.
BERGER_1993 = [
    ("like", ["Q", "A", "A", "A", "O"]),
    ("must-be", ["R", "I", "I", "I", "M"]),
    ("neutral", ["R", "I", "I", "I", "M"]),
    ("live-with", ["R", "I", "I", "I", "M"]),
    ("dislike", ["R", "R", "R", "R", "Q"]),
]
CELLS = [
    (functional, dysfunctional, expected)
    for functional, row in BERGER_1993
    for dysfunctional, expected in zip(ANSWERS, row, strict=True)
]


def test_the_table_has_exactly_the_25_cells():
    assert len(CELLS) == 25 and len(TABLE) == 25


@pytest.mark.parametrize(("functional", "dysfunctional", "expected"), CELLS)
def test_every_cell_of_the_berger_table(functional, dysfunctional, expected):
    assert category(functional, dysfunctional) == expected


def test_an_unknown_answer_is_refused_naming_the_allowed_ones():
    with pytest.raises(ValueError, match="like, must-be"):
        category("love", "dislike")


def test_the_most_frequent_category_wins_with_better_and_worse():
    # 3 x A (like/neutral), 2 x O (like/dislike), 1 x M (neutral/dislike), 1 x I, 1 x Q
    pairs = [("like", "neutral")] * 3 + [("like", "dislike")] * 2
    pairs += [("neutral", "dislike"), ("neutral", "neutral"), ("like", "like")]
    got = summarise(pairs)
    assert got.n == 8
    assert got.counts == {"A": 3, "O": 2, "M": 1, "I": 1, "R": 0, "Q": 1}
    assert got.category == "A"
    # Better = (A + O)/(A + O + M + I) = 5/7; Worse = -(O + M)/(A + O + M + I) = -3/7
    assert got.better == pytest.approx(5 / 7)
    assert got.worse == pytest.approx(-3 / 7)


@pytest.mark.parametrize(
    ("pairs", "winner"),
    [
        # M ties O, A and I -> M
        (
            [
                ("neutral", "dislike"),
                ("like", "dislike"),
                ("like", "neutral"),
                ("neutral", "neutral"),
            ],
            "M",
        ),
        # O ties A and I -> O
        ([("like", "dislike"), ("like", "neutral"), ("neutral", "neutral")], "O"),
        # A ties I -> A
        ([("like", "neutral"), ("neutral", "neutral")], "A"),
        # I ties R -> I
        ([("neutral", "neutral"), ("dislike", "like")], "I"),
        # R ties Q -> R
        ([("dislike", "like"), ("like", "like")], "R"),
    ],
)
def test_ties_are_broken_m_then_o_then_a_then_i(pairs, winner):
    assert summarise(pairs).category == winner


def test_no_answers_and_only_reverse_answers_leave_coefficients_undefined():
    empty = summarise([])
    assert (empty.n, empty.category, empty.better, empty.worse) == (0, None, None, None)
    reverse = summarise([("dislike", "like")])
    assert reverse.category == "R" and reverse.better is None and reverse.worse is None


@given(st.lists(st.tuples(st.sampled_from(ANSWERS), st.sampled_from(ANSWERS)), min_size=1))
def test_better_is_within_0_1_and_worse_within_minus_1_0(pairs):
    got = summarise(pairs)
    assert sum(got.counts.values()) == got.n == len(pairs)
    assert got.counts[got.category] == max(got.counts.values())
    if got.better is not None:
        assert 0.0 <= got.better <= 1.0 and -1.0 <= got.worse <= 0.0
