"""What one response adds to the report aggregates ("cells"). Pure: no Django import.

A cell holds additive sums for one measure of one slice (day or month × perspective × unit ×
touchpoint × item): ``n`` values, their sum ``s1`` and sum of squares ``s2``, up to three category
counts ``c1..c3`` and ``anon``, how many of the values came from responses without a respondent.
Because every figure of the fast reports is a function of such sums (means, t intervals, Welch,
shares, NPS), a report reads a few hundred cells instead of every answer.

Item-level measures (``item`` = the standard's code), one value per response and item:

* ``expectation`` e, ``experience`` x (c1: x in the top two boxes of the scale it was answered on),
* ``gap`` x − e, or x − the target of the standard version rated when no expectation was asked,
* ``adequacy`` x − adequate and ``superiority`` x − desired (zone of tolerance, paired).

Response-level measures (``item`` = ""), one value per response:

* ``gap``, ``expectation``, ``experience``: the response's mean over its standards (as the gaps
  report pairs them when it groups whole responses: by touchpoint, journey, unit, period, …),
* ``nps`` (c1 promoters, c2 passives, c3 detractors), ``csat`` (c1 satisfied), ``ces``,
* ``moment`` (c1 magic, c2 mediocrity, c3 misery; the value is not used).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from servicegap.lib.inference import Moments
from servicegap.lib.scales import MOMENTS

ITEM_MEASURES = ("expectation", "experience", "gap", "adequacy", "superiority")
RESPONSE_MEASURES = ("gap", "expectation", "experience", "nps", "csat", "ces", "moment")
# The kinds of answer that feed any cell.
CELL_KINDS = frozenset(
    {"expectation", "experience", "adequate", "desired", "nps", "csat", "ces", "moment"}
)


@dataclass(slots=True)
class Sums:
    n: int = 0
    s1: float = 0.0
    s2: float = 0.0
    c1: int = 0
    c2: int = 0
    c3: int = 0
    anon: int = 0

    def add_value(self, value: float, anonymous: bool) -> None:
        self.n += 1
        self.s1 += value
        self.s2 += value * value
        self.anon += anonymous

    def merge(self, other: Sums) -> None:
        self.n += other.n
        self.s1 += other.s1
        self.s2 += other.s2
        self.c1 += other.c1
        self.c2 += other.c2
        self.c3 += other.c3
        self.anon += other.anon

    def moments(self) -> Moments:
        return Moments.from_sums(self.n, self.s1, self.s2)

    def as_tuple(self) -> tuple[int, float, float, int, int, int, int]:
        return (self.n, self.s1, self.s2, self.c1, self.c2, self.c3, self.anon)


class CellAnswer(NamedTuple):
    """One answer as the cells see it: ``value`` on the workspace scale for ratings, ``raw`` as
    answered, ``target`` of the standard version it rates (None: no standard or no target)."""

    item: str
    kind: str
    value: float | None
    raw: float | None
    text: str
    scale_max: int
    target: float | None


def _mean(values: list[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def response_cells(answers: Iterable[CellAnswer], anonymous: bool) -> dict[tuple[str, str], Sums]:
    """(item, measure) → sums, for the answers of one response."""
    out: dict[tuple[str, str], Sums] = {}

    def add(item: str, measure: str, value: float) -> Sums:
        sums = out.setdefault((item, measure), Sums())
        sums.add_value(value, anonymous)
        return sums

    slots: dict[str, dict[str, float]] = {}
    targets: dict[str, float | None] = {}
    for a in answers:
        if a.kind == "moment":
            if a.text in MOMENTS:
                add("", "moment", 0.0)
                sums = out[("", "moment")]
                sums.c1 += a.text == "magic"
                sums.c2 += a.text == "mediocrity"
                sums.c3 += a.text == "misery"
            continue
        if a.value is None:
            continue
        if a.kind == "nps":
            sums = add("", "nps", a.value)
            sums.c1 += a.value >= 9
            sums.c2 += 7 <= a.value < 9
            sums.c3 += a.value < 7
        elif a.kind == "csat":
            add("", "csat", a.value).c1 += a.value >= 4
        elif a.kind == "ces":
            add("", "ces", a.value)
        elif a.kind in ("expectation", "experience", "adequate", "desired") and a.item:
            slots.setdefault(a.item, {})[a.kind] = a.value
            if a.kind == "experience":
                targets[a.item] = a.target
                top = a.raw is not None and a.raw >= a.scale_max - 1
                add(a.item, "experience", a.value).c1 += top
            elif a.kind == "expectation":
                add(a.item, "expectation", a.value)
    expectations: list[float] = []
    experiences: list[float] = []
    gaps: list[float] = []
    for item, slot in slots.items():
        e, x = slot.get("expectation"), slot.get("experience")
        if e is not None:
            expectations.append(e)
        if x is None:
            continue
        experiences.append(x)
        target = targets.get(item)
        d = x - e if e is not None else (x - target if target is not None else None)
        if d is not None:
            gaps.append(d)
            add(item, "gap", d)
        for measure, against in (("adequacy", "adequate"), ("superiority", "desired")):
            if against in slot:
                add(item, measure, x - slot[against])
    for measure, values in (
        ("gap", gaps),
        ("expectation", expectations),
        ("experience", experiences),
    ):
        value = _mean(values)
        if value is not None:
            add("", measure, value)
    return out


def families(answers: Iterable[CellAnswer]) -> set[tuple[str, str]]:
    """(item, family) groups one response counts in, for the distinct-respondent threshold:
    ``rated`` (an expectation or experience; per item and, with item "", for the response),
    ``adequacy`` / ``superiority`` (per item, both answers of the pair), ``nps``, ``csat``,
    ``ces`` and ``moment`` (item "")."""
    out: set[tuple[str, str]] = set()
    kinds: dict[str, set[str]] = {}
    for a in answers:
        if a.kind in ("nps", "csat", "ces") and a.value is not None:
            out.add(("", a.kind))
        elif a.kind == "moment" and a.text in MOMENTS:
            out.add(("", "moment"))
        elif a.item and a.value is not None:
            kinds.setdefault(a.item, set()).add(a.kind)
    for item, got in kinds.items():
        if got & {"expectation", "experience"}:
            out.update(((item, "rated"), ("", "rated")))
        if "experience" in got:
            for family, against in (("adequacy", "adequate"), ("superiority", "desired")):
                if against in got:
                    out.add((item, family))
    return out
