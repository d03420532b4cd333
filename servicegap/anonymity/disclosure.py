"""Which groups of protected data may be shown: the threshold rule on linked tables.

Employee, leader and internal results can be asked for any unit (a unit with its whole subtree),
any unit's own responses (the first row of a by-unit view), and any calendar period: a month, a
quarter, a year or all time. Those groups are linked: a quarter is the sum of its months, a year
of its quarters, all time of its years, and a unit of its own responses and its children. A
month hidden in one report could be computed as its quarter minus the two other months shown in
other reports, so suppression has to be decided for every group at once, not per report.

Method: the threshold rule with primary and complementary suppression applied to every
equation *parent = Σ children* of both hierarchies (units × calendar) until none is unsafe —
the modular approach for hierarchical and linked tables (Hundepool et al., *Statistical
Disclosure Control*, Wiley 2012, §5.5; de Wolf, "HiTaS", 2002). Counts are distinct respondents
(a response without a respondent counts as one). An equation is unsafe when

* its parent is shown and the hidden children's counts are computable (``suppression.safe``:
  one hidden child, all of them 1, or together below the threshold); the smallest shown child is
  hidden next, and when no child is left to hide the parent is hidden; or
* its parent is hidden but every child is shown, so the parent is their sum; the smallest child
  is hidden next.

Across both hierarchies those rules are not enough (a hidden group can sit on a "bridge" of the
two-way table), so an audit follows: a group is computable exactly when its indicator vector over
the atoms (one unit's own responses in one month) lies in the span of the shown groups' vectors.
Every small group (0 < respondents < threshold) that is computable brings down the smallest shown
group it shares an equation with, the rules run again, and so on until none is. Each step only
hides more groups, so the loop ends. What is left, stated in docs/anonymity.md: an attacker
solving the system at once may narrow a hidden group's figures to an interval, and figures that
change over time can be differenced between two visits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from servicegap.anonymity.suppression import is_hidden, safe

# A unit node: ("*", 0) every unit (no unit filter); ("t", id) a unit with its subtree; ("o", id)
# the responses of a unit that has children, not of its children.
UnitNode = tuple[str, int]
EVERY_UNIT: UnitNode = ("*", 0)
Group = tuple[UnitNode, str]  # a unit node in a period
ALL_TIME = ""


@dataclass(frozen=True)
class Record:
    """``responses`` responses of ``respondent`` (0: anonymous) to ``unit`` in ``month``."""

    unit: int | None
    month: date
    respondent: int
    responses: int = 1


def month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def quarter_key(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def period_keys(day: date) -> tuple[str, str, str, str]:
    """All time, year, quarter and month of ``day`` (the keys reports use)."""
    return ALL_TIME, str(day.year), quarter_key(day), month_key(day)


@dataclass
class _Group:
    people: set[int] = field(default_factory=set)
    anonymous: int = 0

    def add(self, other: _Group) -> None:
        self.people |= other.people
        self.anonymous += other.anonymous

    @property
    def count(self) -> int:
        return len(self.people) + self.anonymous


class Disclosure:
    """Decide once which (unit node, period) groups are hidden; ask with ``hidden``."""

    def __init__(
        self,
        records: Iterable[Record],
        parents: Mapping[int, int | None],
        threshold: int,
    ) -> None:
        if threshold < 1:
            raise ValueError("threshold must be at least 1")
        self.threshold = threshold
        self.parents = dict(parents)
        self.children: dict[int | None, list[int]] = {}
        for uid in sorted(self.parents):
            self.children.setdefault(self.parents[uid], []).append(uid)
        self.members: dict[UnitNode, set[int | None]] = {}
        self._unit_masks: dict[UnitNode, np.ndarray] = {}
        self._period_masks: dict[str, np.ndarray] = {}
        self.counts = self._count(records)
        self.equations = self._equations()
        self.hidden_groups = self._decide()

    def hidden(self, unit: UnitNode, period: str) -> bool:
        return (unit, period) in self.hidden_groups

    def count(self, unit: UnitNode, period: str) -> int:
        return self.counts.get((unit, period), 0)

    def own_node(self, unit: int) -> UnitNode:
        """The node of a unit's own row in a by-unit view (a leaf's own row is its subtree)."""
        return ("o", unit) if self.children.get(unit) else ("t", unit)

    def top_rows(self) -> list[UnitNode]:
        """The rows of the by-unit view without a unit filter (as ``Data.unit_groups``)."""
        roots = self.children.get(None, [])
        if len(roots) == 1:
            return [self.own_node(roots[0])] + [("t", c) for c in self.children.get(roots[0], [])]
        return [("t", r) for r in roots]

    def unit_rows(self, unit: int) -> list[UnitNode]:
        """The rows of the by-unit view of ``unit``: its own responses, then each child."""
        return [self.own_node(unit)] + [("t", c) for c in self.children.get(unit, [])]

    # -- counting -------------------------------------------------------------------------------

    def _count(self, records: Iterable[Record]) -> dict[tuple[UnitNode, str], int]:
        per_unit: dict[int | None, dict[str, _Group]] = {}
        for r in records:
            g = per_unit.setdefault(r.unit, {}).setdefault(month_key(r.month), _Group())
            if r.respondent:
                g.people.add(r.respondent)
            else:
                g.anonymous += r.responses
        nodes: dict[UnitNode, dict[str, _Group]] = {}

        def tree(uid: int) -> dict[str, _Group]:
            months = _merge([per_unit.get(uid, {})])
            kids = self.children.get(uid, [])
            if kids:
                nodes[("o", uid)] = per_unit.get(uid, {})
                self.members[("o", uid)] = {uid}
            months = _merge([months] + [tree(c) for c in kids])
            nodes[("t", uid)] = months
            members: set[int | None] = {uid}
            self.members[("t", uid)] = members.union(*(self.members[("t", c)] for c in kids))
            return months

        tops = [tree(root) for root in self.children.get(None, [])]
        nodes[EVERY_UNIT] = _merge(tops + [per_unit.get(None, {})])
        self.members[EVERY_UNIT] = set(self.parents) | {None}
        self.atoms = sorted(
            ((u, m) for u, months in per_unit.items() for m in months),
            key=lambda a: (a[0] or 0, a[1]),
        )
        counts: dict[tuple[UnitNode, str], int] = {}
        for node, months in nodes.items():
            for period, group in _periods(months).items():
                if group.count:
                    counts[(node, period)] = group.count
        return counts

    # -- deciding -------------------------------------------------------------------------------

    def _equations(self) -> list[tuple[Group, list[Group]]]:
        periods: dict[UnitNode, set[str]] = {}
        for node, period in self.counts:
            periods.setdefault(node, set()).add(period)
        out: list[tuple[Group, list[Group]]] = []
        for node in sorted(periods):
            for total, kids in _calendar(periods[node]):
                out.append(((node, total), [(node, k) for k in kids]))
        unit_splits = [(EVERY_UNIT, self.top_rows())] + [
            (("t", uid), self.unit_rows(uid))
            for uid in sorted(self.parents)
            if self.children.get(uid)
        ]
        every_period = sorted({period for _, period in self.counts})
        for period in every_period:
            for whole, rows in unit_splits:
                out.append(((whole, period), [(row, period) for row in rows]))
        return out

    def _decide(self) -> set[tuple[UnitNode, str]]:
        hidden = {g for g, n in self.counts.items() if is_hidden(n, self.threshold)}
        equations = [
            (parent, [k for k in kids if self.counts.get(k, 0)])
            for parent, kids in self.equations
            if self.counts.get(parent, 0)
        ]
        while True:
            self._apply_rules(equations, hidden)
            computable = self._computable(hidden)
            if not computable:
                return hidden
            for group in computable:
                partner = self._partner(group, equations, hidden)
                if partner is not None:  # None: the partners of earlier groups hid them all
                    hidden.add(partner)

    def _apply_rules(self, equations, hidden: set[tuple[UnitNode, str]]) -> None:
        counts, threshold = self.counts, self.threshold
        changed = True
        while changed:
            changed = False
            for parent, kids in equations:
                shown = sorted((k for k in kids if k not in hidden), key=lambda k: (counts[k], k))
                if parent in hidden:
                    if kids and len(shown) == len(kids):  # the parent would be their sum
                        hidden.add(shown[0])
                        changed = True
                    continue
                hidden_counts = [counts[k] for k in kids if k in hidden]
                while not safe(hidden_counts, threshold):
                    changed = True
                    if not shown:
                        hidden.add(parent)
                        break
                    kid = shown.pop(0)
                    hidden.add(kid)
                    hidden_counts.append(counts[kid])

    def _vectors(self, groups: list[tuple[UnitNode, str]]) -> np.ndarray:
        """Each group's indicator vector over the atoms, one row per group."""
        for node, period in groups:
            if node not in self._unit_masks:
                units = self.members[node]
                self._unit_masks[node] = np.array([u in units for u, _ in self.atoms])
            if period not in self._period_masks:
                self._period_masks[period] = np.array(
                    [period in period_keys(_first(m)) for _, m in self.atoms]
                )
        unit_rows = np.array([self._unit_masks[node] for node, _ in groups])
        period_rows = np.array([self._period_masks[period] for _, period in groups])
        return (unit_rows & period_rows).astype(float)

    def _computable(self, hidden: set[tuple[UnitNode, str]]) -> list[tuple[UnitNode, str]]:
        """Small hidden groups whose figures are a linear combination of shown groups'."""
        small = sorted(g for g in hidden if self.counts[g] < self.threshold)
        shown = [g for g in self.counts if g not in hidden]
        if not small or not shown:
            return []
        matrix = self._vectors(shown)
        # The shown vectors' span from the eigenvectors of the Gram matrix (same span as an SVD,
        # at the cost of one matrix product and an atoms × atoms eigendecomposition).
        values, vectors = np.linalg.eigh(matrix.T @ matrix)
        basis = vectors[:, values > values[-1] * 1e-10]
        small_vectors = self._vectors(small)
        residual = small_vectors - (small_vectors @ basis) @ basis.T
        left = np.linalg.norm(residual, axis=1)
        return [g for g, r in zip(small, left, strict=True) if r < 1e-6]

    def _partner(self, group, equations, hidden) -> tuple[UnitNode, str] | None:
        """The smallest shown group sharing an equation with ``group`` (or overlapping it);
        None when no group is shown any more."""
        near = {
            g
            for parent, kids in equations
            if group == parent or group in kids
            for g in [parent, *kids]
        }
        candidates = [g for g in near if g not in hidden]
        if not candidates:
            others = [g for g in self.counts if g not in hidden]
            overlap = self._vectors(others) @ self._vectors([group])[0] if others else []
            candidates = [g for g, o in zip(others, overlap, strict=True) if o > 0]
        if not candidates:
            candidates = [g for g in self.counts if g not in hidden]
        return min(candidates, key=lambda g: (self.counts[g], g)) if candidates else None


def _merge(parts: list[dict[str, _Group]]) -> dict[str, _Group]:
    out: dict[str, _Group] = {}
    for part in parts:
        for month, group in part.items():
            out.setdefault(month, _Group()).add(group)
    return out


def _periods(months: dict[str, _Group]) -> dict[str, _Group]:
    """Month groups → the groups of every period that contains them (all time included)."""
    out: dict[str, _Group] = {}
    for month, group in months.items():
        year, mm = int(month[:4]), int(month[5:])
        for key in period_keys(date(year, mm, 1)):
            out.setdefault(key, _Group()).add(group)
    return out


def _calendar(periods: set[str]) -> list[tuple[str, list[str]]]:
    """The equations of the calendar among ``periods``: all time = Σ years, year = Σ quarters,
    quarter = Σ months."""
    years = sorted(p for p in periods if p and len(p) == 4)
    quarters = sorted(p for p in periods if "-Q" in p)
    months = sorted(p for p in periods if len(p) == 7 and "-Q" not in p)
    out = [(ALL_TIME, years)] if ALL_TIME in periods else []
    out += [(y, [q for q in quarters if q.startswith(y)]) for y in years]
    out += [(q, [m for m in months if quarter_key(_first(m)) == q]) for q in quarters]
    return out


def _first(month: str) -> date:
    return date(int(month[:4]), int(month[5:]), 1)
