"""Walk-through arithmetic, plain Python (no Django): the checklist of a journey and the observed
shares of the audits report.

The checklist: one step per touchpoint in journey order; at each, every behaviour ("how the
customer will know") of every standard that applies there, in the standards' order. A standard
with no behaviour written is checked as a whole, under its title, so that no standard that
applies goes unchecked.

The audits: each check is one observation (seen or not) of one behaviour; a row is a standard at
a touchpoint in a unit, its share of checks observed with the Wilson 95 % interval (Wilson, not
the normal approximation: walk-throughs are few and shares are often near 0 or 1, where the
normal interval leaves 0..1 or collapses to a point).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from servicegap.lib.proportions import wilson


@dataclass(frozen=True)
class Item:
    standard: str
    title: str
    behaviour: str


@dataclass
class Step:
    touchpoint: str
    name: str
    step: int
    unit: str | None
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class StandardAt:
    """A standard that applies at a touchpoint, as the checklist needs it."""

    code: str
    title: str
    behaviours: Sequence[str]


def items_of(standard: StandardAt) -> list[Item]:
    said = [b.strip() for b in standard.behaviours if isinstance(b, str) and b.strip()]
    unique = list(dict.fromkeys(said))
    if not unique:
        return [Item(standard.code, standard.title, standard.title)]
    return [Item(standard.code, standard.title, b) for b in unique]


def checklist(
    touchpoints: Iterable[tuple[str, str, int, str | None]],
    standards: dict[str, list[StandardAt]],
) -> list[Step]:
    """The steps of a journey: ``touchpoints`` are (code, name, step, unit code); ``standards``
    the standards applying at each touchpoint code."""
    steps = []
    for code, name, number, unit in sorted(touchpoints, key=lambda t: t[2]):
        step = Step(code, name, number, unit)
        for standard in sorted(standards.get(code, []), key=lambda s: s.code):
            step.items.extend(items_of(standard))
        steps.append(step)
    return steps


@dataclass(frozen=True)
class Check:
    standard: str
    touchpoint: str
    unit: str | None
    observed: bool


def share_row(k: int, n: int) -> dict[str, float | int | None]:
    if n == 0:
        return {"n": 0, "observed": 0, "observed_share": None, "ci_low": None, "ci_high": None}
    low, high = wilson(k, n)
    return {"n": n, "observed": k, "observed_share": round(k / n, 4),
            "ci_low": round(low, 4), "ci_high": round(high, 4)}  # fmt: skip


def audit_rows(checks: Iterable[Check]) -> list[dict[str, object]]:
    """One row per standard, touchpoint and unit: n checks, the share observed, Wilson 95 %."""
    counts: dict[tuple[str, str, str | None], list[int]] = {}
    for c in checks:
        tally = counts.setdefault((c.standard, c.touchpoint, c.unit), [0, 0])
        tally[0] += int(c.observed)
        tally[1] += 1
    rows: list[dict[str, object]] = []
    for (standard, touchpoint, unit), (k, n) in sorted(
        counts.items(), key=lambda e: (e[0][0], e[0][1], e[0][2] or "")
    ):
        rows.append({"standard": standard, "touchpoint": touchpoint, "unit": unit,
                     **share_row(k, n)})  # fmt: skip
    return rows


def by_touchpoint(
    rows: Iterable[dict[str, object]], order: Sequence[str]
) -> list[dict[str, object]]:
    """The rows pooled per touchpoint, in ``order`` (the journeys' steps): the chart's figures.
    Touchpoints not in ``order`` come last, by code."""
    pooled: dict[str, list[int]] = {}
    for r in rows:
        tally = pooled.setdefault(str(r["touchpoint"]), [0, 0])
        tally[0] += int(r["observed"])  # type: ignore[call-overload]
        tally[1] += int(r["n"])  # type: ignore[call-overload]
    place = {code: i for i, code in enumerate(order)}
    codes = sorted(pooled, key=lambda c: (place.get(c, len(place)), c))
    return [{"touchpoint": c, **share_row(*pooled[c])} for c in codes]


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarters_back(today: date, count: int) -> list[str]:
    """The quarter of ``today`` and the ``count - 1`` before it, newest first."""
    year, q = today.year, (today.month - 1) // 3
    found = []
    for _ in range(count):
        found.append(f"{year}-Q{q + 1}")
        year, q = (year, q - 1) if q else (year - 1, 3)
    return found


@dataclass
class LeaderRow:
    """One leader's walks and customer conversations per quarter (newest first)."""

    name: str
    walks: list[int]
    conversations: list[int]

    @property
    def cells(self) -> list[tuple[int, int]]:
        return list(zip(self.walks, self.conversations, strict=True))

    @property
    def walked_now(self) -> bool:
        return self.walks[0] > 0


def leader_rows(
    leaders: Iterable[tuple[int, str]],
    walks: Iterable[tuple[int, date]],
    conversations: Iterable[tuple[int, date]],
    quarters: Sequence[str],
) -> list[LeaderRow]:
    """Per leader (id, name): the counts of walks and of conversations in each of ``quarters``;
    a leader who walked no journey in the first (current) quarter fails the "undercover boss"
    test and comes first."""
    place = {q: i for i, q in enumerate(quarters)}

    def tally(events: Iterable[tuple[int, date]]) -> dict[int, list[int]]:
        counts: dict[int, list[int]] = {}
        for who, day in events:
            i = place.get(quarter_of(day))
            if i is not None:
                counts.setdefault(who, [0] * len(quarters))[i] += 1
        return counts

    walked, talked = tally(walks), tally(conversations)
    zero = [0] * len(quarters)
    rows = [LeaderRow(name, walked.get(pk, zero), talked.get(pk, zero)) for pk, name in leaders]
    return sorted(rows, key=lambda r: (r.walked_now, r.name.lower()))
