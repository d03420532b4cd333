"""Suppression never lets a hidden group's count be computed from what is shown.

The attacker's knowledge, stated precisely: the visible children's counts, the parent total
(when the parent is shown), that a hidden child has at least one respondent (a group with
none is absent), and therefore the hidden children's combined count
H = parent_total − Σ visible. A hidden child's count is computable exactly when it is the
only hidden child, or when H equals the number of hidden children (each must then be 1);
the hidden children together form a computable group below the threshold when H < threshold.
The property: after suppression none of that holds, or the parent itself must be hidden.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegap.anonymity.suppression import is_hidden, must_hide_parent, suppressed

THRESHOLD = 5
children = st.lists(st.integers(min_value=0, max_value=20), min_size=2, max_size=8)


def computable(hidden_counts, threshold):
    if not hidden_counts:
        return False
    total = sum(hidden_counts)
    return len(hidden_counts) == 1 or total == len(hidden_counts) or total < threshold


@given(children, st.integers(min_value=0, max_value=10))
def test_no_hidden_group_can_be_computed_from_the_visible_ones_and_the_parent(counts, extra):
    groups = {f"unit{i}": c for i, c in enumerate(counts)}
    # The parent may have respondents of its own besides its children (extra).
    parent_total = sum(counts) + extra
    hidden = suppressed(groups, THRESHOLD, parent_total)
    # Primary suppression: every small non-empty group is hidden; empty ones are not.
    assert all(key in hidden for key, c in groups.items() if 0 < c < THRESHOLD)
    assert all(key not in hidden for key, c in groups.items() if c == 0)
    visible_sum = sum(c for key, c in groups.items() if key not in hidden)
    hidden_counts = [groups[key] for key in hidden]
    # What the attacker computes (worst case: the parent's own respondents are known too).
    assert parent_total - extra - visible_sum == sum(hidden_counts)
    if must_hide_parent(groups, THRESHOLD, parent_total):
        assert parent_total < THRESHOLD or computable(hidden_counts, THRESHOLD)
        assert len(hidden) == sum(1 for c in counts if c > 0)  # nothing was left to hide
    else:
        assert not computable(hidden_counts, THRESHOLD)


@given(children)
def test_without_a_shown_parent_only_small_groups_are_hidden(counts):
    groups = dict(enumerate(counts))
    assert suppressed(groups, THRESHOLD) == {k for k, c in groups.items() if 0 < c < THRESHOLD}


def test_a_single_small_group_brings_down_the_next_smallest():
    groups = {"north": 3, "south": 12, "east": 7, "west": 0}
    assert suppressed(groups, 5, parent_total=22) == {"north", "east"}


def test_two_small_groups_adding_up_below_the_threshold_bring_down_another():
    groups = {"a": 1, "b": 2, "c": 9, "d": 6}
    # hidden a + b = 3 < 5 would be a computable group of three: hide d (6) as well.
    assert suppressed(groups, 5, parent_total=18) == {"a", "b", "d"}


def test_hidden_groups_of_one_each_are_not_left_computable():
    # Five groups of one: H = 5 = number hidden, so each is known to be 1.
    groups = {i: 1 for i in range(5)} | {"big": 8}
    assert suppressed(groups, 5, parent_total=13) == set(groups)
    assert not must_hide_parent(groups, 5, parent_total=13)
    assert must_hide_parent({i: 1 for i in range(5)}, 5, parent_total=5)


def test_a_parent_below_the_threshold_is_hidden_and_so_are_its_children():
    groups = {"a": 2, "b": 1, "c": 0}
    assert is_hidden(3, 5)
    assert must_hide_parent(groups, 5, parent_total=3)
    assert suppressed(groups, 5, parent_total=3) == {"a", "b"}


def test_large_groups_are_all_shown():
    assert suppressed({"a": 5, "b": 6}, 5, parent_total=11) == set()


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        suppressed({"a": 1}, 0)
    with pytest.raises(ValueError):
        suppressed({"a": -1}, 5)
