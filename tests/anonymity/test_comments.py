"""The groups of protected comments (servicegap/anonymity/comments.py): a fixed partition where
every shown group has at least the threshold of distinct writers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from servicegap.anonymity.comments import COMMENT_THRESHOLD, pool

# HQ (1) with SALES (2) and SERVICE (3); SALES has a TEAM (4) below it.
PARENTS = {1: None, 2: 1, 3: 1, 4: 2}


def test_the_threshold_is_ten():
    assert COMMENT_THRESHOLD == 10


def test_a_unit_with_nine_writers_is_not_shown_and_with_ten_it_is():
    nine = [(2, f"w{i}") for i in range(9)]
    groups = pool(nine, PARENTS)
    assert [(g.unit, g.writers, g.shown(10)) for g in groups] == [(None, 9, False)]
    ten = [*nine, (2, "w9")]
    groups = pool(ten, PARENTS)
    assert [(g.unit, g.writers, g.shown(10)) for g in groups] == [(2, 10, True)]


def test_writers_are_counted_once_however_many_comments_they_wrote():
    same = [(2, "w1")] * 12
    assert pool(same, PARENTS)[0].writers == 1


def test_small_units_are_pooled_into_their_parent():
    comments = [(4, f"t{i}") for i in range(4)] + [(3, f"s{i}") for i in range(3)]
    comments += [(1, f"h{i}") for i in range(3)]
    groups = pool(comments, PARENTS)
    assert [(g.unit, g.writers) for g in groups] == [(1, 10)]
    assert sorted(groups[0].members) == list(range(10))


def test_a_comment_without_a_unit_starts_at_the_whole_workspace():
    groups = pool([(None, "a"), (99, "b")], PARENTS)  # 99: not a unit of the tree
    assert [(g.unit, g.writers) for g in groups] == [(None, 2)]


@given(
    st.lists(
        st.tuples(st.sampled_from([None, 1, 2, 3, 4]), st.integers(min_value=0, max_value=25)),
        max_size=80,
    ),
    st.integers(min_value=2, max_value=12),
)
def test_every_comment_is_in_exactly_one_group_and_shown_groups_pass(comments, threshold):
    groups = pool(comments, PARENTS, threshold)
    members = sorted(i for g in groups for i in g.members)
    assert members == list(range(len(comments)))
    for g in groups:
        assert g.writers == len({comments[i][1] for i in g.members})
        if g.unit is not None:
            assert g.shown(threshold)  # a unit's group exists only when it passes
    assert sum(1 for g in groups if g.unit is None) <= 1
