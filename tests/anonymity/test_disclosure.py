"""No small group of protected data can be computed from the groups that are shown.

The attacker sees every shown group's figures (a sum over its responses, such as Σ experience)
for every unit, unit's own responses and calendar period, and solves for a hidden one: a group is
disclosed when its indicator vector over the atoms (a unit's own responses in one month) lies in
the span of the shown groups' vectors. Small groups (0 < respondents < threshold) must never be;
nor may a quarter minus two of its months give the third.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegap.anonymity.disclosure import ALL_TIME, EVERY_UNIT, Disclosure, Record, period_keys

THRESHOLD = 5
MONTHS = [date(2025, m, 1) for m in range(10, 13)] + [date(2026, m, 1) for m in range(1, 7)]
# A small unit tree: 1 is the root, 2 and 3 its children, 4 and 5 under 2.
PARENTS = {1: None, 2: 1, 3: 1, 4: 2, 5: 2}


def _members(d: Disclosure, node) -> set[int | None]:
    kind, uid = node
    if kind == "*":
        return set(PARENTS) | {None}
    if kind == "o":
        return {uid}
    out, todo = set(), [uid]
    while todo:
        u = todo.pop()
        out.add(u)
        todo.extend(d.children.get(u, []))
    return out


def _vector(d: Disclosure, node, period: str, atoms: list[tuple[int | None, date]]) -> np.ndarray:
    units = _members(d, node)
    return np.array([1.0 if u in units and period in period_keys(m) else 0.0 for u, m in atoms])


def _disclosed(d: Disclosure, atoms) -> list[tuple]:
    shown = [g for g in d.counts if g not in d.hidden_groups]
    base = np.array([_vector(d, *g, atoms) for g in shown]) if shown else np.zeros((0, len(atoms)))
    rank = np.linalg.matrix_rank(base) if len(shown) else 0
    out = []
    for g in d.hidden_groups:
        if not 0 < d.counts[g] < THRESHOLD:
            continue
        v = _vector(d, *g, atoms)
        if np.linalg.matrix_rank(np.vstack([base, v])) == rank:
            out.append(g)
    return out


records = st.lists(
    st.tuples(
        st.sampled_from([1, 2, 3, 4, 5]),
        st.sampled_from(MONTHS),
        st.integers(min_value=0, max_value=40),  # 0: anonymous
    ),
    max_size=120,
)


@settings(max_examples=150, deadline=None)
@given(records)
def test_no_small_group_is_a_combination_of_shown_groups(rows):
    d = Disclosure([Record(u, m, p) for u, m, p in rows], PARENTS, THRESHOLD)
    atoms = sorted({(u, m) for u, m, _ in rows}, key=lambda a: (a[0] or 0, a[1]))
    assert all(d.counts[g] > 0 for g in d.hidden_groups)
    assert all(g in d.hidden_groups for g, n in d.counts.items() if n < THRESHOLD)
    assert _disclosed(d, atoms) == []


def _people(unit: int, month: date, n: int, start: int) -> list[Record]:
    return [Record(unit, month, start + i) for i in range(n)]


def test_a_quarter_minus_two_shown_months_does_not_give_the_third():
    jan, feb, mar = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
    rows = _people(4, jan, 8, 100) + _people(4, feb, 9, 200) + _people(4, mar, 2, 300)
    d = Disclosure(rows, PARENTS, THRESHOLD)
    unit = ("t", 4)
    assert d.hidden(unit, "2026-03")
    # March is hidden, so one more month of the quarter is hidden with it (the smaller one).
    assert d.hidden(unit, "2026-01")
    assert not d.hidden(unit, "2026-02")
    assert not d.hidden(unit, "2026-Q1")


def test_a_hidden_quarter_is_not_the_sum_of_its_shown_months():
    # Q4 2025 has 3 respondents: hidden; all time = 2025 + 2026 shown, so the years' equation
    # hides 2025 with it; 2025 = Q4 only, so Q4's one month is hidden too.
    rows = _people(4, date(2025, 11, 1), 3, 1) + _people(4, date(2026, 1, 1), 12, 100)
    d = Disclosure(rows, PARENTS, THRESHOLD)
    unit = ("t", 4)
    assert d.hidden(unit, "2025-Q4")
    assert d.hidden(unit, "2025-11")
    assert d.hidden(unit, "2025") and d.hidden(unit, "2026")
    assert not d.hidden(unit, ALL_TIME)


def test_a_unit_hidden_in_one_month_is_hidden_among_its_siblings_that_month():
    jan = date(2026, 1, 1)
    rows = _people(4, jan, 3, 1) + _people(5, jan, 10, 100) + _people(3, jan, 10, 200)
    d = Disclosure(rows, PARENTS, THRESHOLD)
    assert d.hidden(("t", 4), "2026-01")
    assert d.hidden(("t", 5), "2026-01")  # unit 2 = 4 + 5 is shown
    assert not d.hidden(("t", 2), "2026-01") or d.hidden(("t", 3), "2026-01")
    assert not d.hidden(EVERY_UNIT, "2026-01")


def test_one_respondent_counts_once_however_often_they_answered():
    jan = date(2026, 1, 1)
    rows = [Record(4, jan, 7) for _ in range(10)] + [Record(4, jan, 0, responses=2)]
    d = Disclosure(rows, PARENTS, THRESHOLD)
    assert d.count(("t", 4), "2026-01") == 3
