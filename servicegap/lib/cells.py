"""What one response adds to the report aggregates ("cells"). Pure: no Django import.

A cell holds additive sums for one measure of one slice (day or month × perspective × unit ×
touchpoint × item): ``n`` values, their sum ``s1`` and sum of squares ``s2``, up to three category
counts ``c1..c3`` and ``anon``, how many of the values came from responses without a respondent.
Because every figure of the fast reports is a function of such sums (means, t intervals, Welch,
shares, NPS), a report reads a few hundred cells instead of every answer.

Item-level measures (``item`` = the standard's code), one value per response and item:

* ``expectation`` e, ``experience`` x (c1: x in the top two boxes of the scale it was answered on),
* ``gap`` x − e, ``pair_expect`` e and ``pair_experience`` x, over the responses that gave both
  (so the two means of the gaps report cover the same responses and their difference is the gap),
* ``target_gap`` x − the target of the standard version rated, for every experience (with or
  without an expectation) whose standard version has a target,
* ``adequacy`` x − adequate and ``superiority`` x − desired (zone of tolerance, paired).

Response-level measures (``item`` = ""), one value per response:

* ``gap``, ``pair_expect``, ``pair_experience``: the response's mean over its standards rated on
  both sides, ``target_gap`` its mean over its standards with an experience and a target (as the
  gaps report pairs them when it groups whole responses: by touchpoint, journey, unit, period, …),
* ``expectation``, ``experience``: the response's mean over its standards with that answer,
* ``nps`` (c1 promoters, c2 passives, c3 detractors), ``csat`` (c1 satisfied), ``ces``,
* ``moment`` (c1 magic, c2 mediocrity, c3 misery; the value is not used).

``response_cells`` is the definition, one response at a time; ``add_responses`` gives the same
sums for many responses at once, added straight into the sums of their slices (what ingest and
the rebuild use: a response's own ``Sums`` cost more than the arithmetic).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from servicegap.lib.scales import MOMENTS, rescale

if TYPE_CHECKING:
    from servicegap.lib.inference import Moments

ITEM_MEASURES = ("expectation", "experience", "gap", "pair_expect", "pair_experience",
                 "target_gap", "adequacy", "superiority")  # fmt: skip
RESPONSE_MEASURES = ("gap", "pair_expect", "pair_experience", "target_gap", "expectation",
                     "experience", "nps", "csat", "ces", "moment")  # fmt: skip
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
        # Imported here: lib.inference loads scipy.stats (seconds), and every process that
        # starts Django imports this module (aggregates.signals → aggregates.cells), reports or not.
        from servicegap.lib.inference import Moments

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


# One answer as ``add_responses`` takes it: (item, kind, raw value, text, target of the standard
# version rated), the raw value as answered on the response's scale.
Answered = tuple[str, str, float | None, str, float | None]
Head = TypeVar("Head", bound=Hashable)
SLICE_KINDS = {"expectation": 0, "experience": 1, "adequate": 2, "desired": 3}  # slot positions
_MOMENT_COUNTS = {"magic": (1, 0, 0), "mediocrity": (0, 1, 0), "misery": (0, 0, 1)}


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
    paired_e: list[float] = []
    paired_x: list[float] = []
    target_gaps: list[float] = []
    for item, slot in slots.items():
        e, x = slot.get("expectation"), slot.get("experience")
        if e is not None:
            expectations.append(e)
        if x is None:
            continue
        experiences.append(x)
        if e is not None:
            gaps.append(x - e)
            paired_e.append(e)
            paired_x.append(x)
            add(item, "gap", x - e)
            add(item, "pair_expect", e)
            add(item, "pair_experience", x)
        target = targets.get(item)
        if target is not None:
            target_gaps.append(x - target)
            add(item, "target_gap", x - target)
        for measure, against in (("adequacy", "adequate"), ("superiority", "desired")):
            if against in slot:
                add(item, measure, x - slot[against])
    for measure, values in (
        ("gap", gaps),
        ("pair_expect", paired_e),
        ("pair_experience", paired_x),
        ("target_gap", target_gaps),
        ("expectation", expectations),
        ("experience", experiences),
    ):
        value = _mean(values)
        if value is not None:
            add("", measure, value)
    return out


def add_responses(
    into: dict[Head, dict[tuple[str, str], Sums]],
    responses: Iterable[tuple[Head, bool, int, Sequence[Answered]]],
    scale_max: int,
) -> None:
    """Add many responses, each ``(head, anonymous, scale it was answered on, answers)``, to the
    sums of their slices: ``into[head][(item, measure)]``, in the workspace's 1..``scale_max``.

    The same sums as ``response_cells`` of each response (its ratings rescaled to ``scale_max``)
    merged in order into those of its slice, bit for bit as long as a response has at most one
    answer of a kind per item (the response contract's rule): every sum then adds the same values
    in the same order. One pass, without a ``Sums`` per response; each addition is written out
    where it happens (a helper call per answer would cost more than the sums)."""
    for head, anonymous, scale, answers in responses:
        cells = into.get(head)
        if cells is None:
            cells = into[head] = {}
        anon = 1 if anonymous else 0
        top = scale - 1  # an experience in the top two boxes of the scale it was answered on
        slots: dict[str, list[float | None]] = {}  # item → expectation, experience, adequate,
        # desired, target of the experience's standard version
        for item, kind, raw, text, target in answers:
            at = SLICE_KINDS.get(kind)
            if at is not None:
                if raw is None or not item:
                    continue
                value = raw if scale == scale_max else rescale(raw, scale, scale_max)
                slot = slots.get(item)
                if slot is None:
                    slot = slots[item] = [None, None, None, None, None]
                slot[at] = value
                if at > 1:
                    continue
                if at == 1:
                    slot[4] = target
                    key = (item, "experience")
                else:
                    key = (item, "expectation")
                sums = cells.get(key)
                if sums is None:
                    sums = cells[key] = Sums()
                sums.n += 1
                sums.s1 += value
                sums.s2 += value * value
                sums.anon += anon
                if at == 1 and raw >= top:
                    sums.c1 += 1
                continue
            if kind == "moment":
                counts = _MOMENT_COUNTS.get(text)
                if counts is not None:
                    sums = cells.get(("", "moment"))
                    if sums is None:
                        sums = cells[("", "moment")] = Sums()
                    sums.n += 1
                    sums.s1 += 0.0
                    sums.s2 += 0.0
                    sums.anon += anon
                    sums.c1 += counts[0]
                    sums.c2 += counts[1]
                    sums.c3 += counts[2]
                continue
            if raw is None or kind not in ("nps", "csat", "ces"):
                continue
            sums = cells.get(("", kind))
            if sums is None:
                sums = cells[("", kind)] = Sums()
            sums.n += 1
            sums.s1 += raw
            sums.s2 += raw * raw
            sums.anon += anon
            if kind == "nps":
                if raw >= 9:
                    sums.c1 += 1
                elif raw >= 7:
                    sums.c2 += 1
                else:
                    sums.c3 += 1
            elif kind == "csat" and raw >= 4:
                sums.c1 += 1
        if not slots:
            continue
        expectations: list[float] = []
        experiences: list[float] = []
        gaps: list[float] = []
        paired_e: list[float] = []
        paired_x: list[float] = []
        target_gaps: list[float] = []
        for item, (e, x, adequate, desired, target) in slots.items():
            if e is not None:
                expectations.append(e)
            if x is None:
                continue
            experiences.append(x)
            if e is not None:
                gaps.append(x - e)
                paired_e.append(e)
                paired_x.append(x)
            if target is not None:
                target_gaps.append(x - target)
            # (measure, value) in the order ``response_cells`` adds them; None: not this one.
            for measure, d in (
                ("gap", x - e if e is not None else None),
                ("pair_expect", e),
                ("pair_experience", x if e is not None else None),
                ("target_gap", x - target if target is not None else None),
                ("adequacy", x - adequate if adequate is not None else None),
                ("superiority", x - desired if desired is not None else None),
            ):
                if d is None:
                    continue
                sums = cells.get((item, measure))
                if sums is None:
                    sums = cells[(item, measure)] = Sums()
                sums.n += 1
                sums.s1 += d
                sums.s2 += d * d
                sums.anon += anon
        for measure, values in (
            ("gap", gaps),
            ("pair_expect", paired_e),
            ("pair_experience", paired_x),
            ("target_gap", target_gaps),
            ("expectation", expectations),
            ("experience", experiences),
        ):
            if values:
                mean = math.fsum(values) / len(values)
                sums = cells.get(("", measure))
                if sums is None:
                    sums = cells[("", measure)] = Sums()
                sums.n += 1
                sums.s1 += mean
                sums.s2 += mean * mean
                sums.anon += anon


def families(answers: Iterable[CellAnswer]) -> set[tuple[str, str]]:
    """(item, family) groups one response counts in, for the distinct-respondent threshold:
    ``rated`` (an expectation or experience; per item and, with item "", for the response),
    ``adequacy`` / ``superiority`` (per item, both answers of the pair), ``nps``, ``csat``,
    ``ces`` and ``moment`` (item "")."""
    return answered_families((a.item, a.kind, a.value, a.text, a.target) for a in answers)


def answered_families(answers: Iterable[Answered]) -> set[tuple[str, str]]:
    """``families`` of answers as ``add_responses`` takes them."""
    out: set[tuple[str, str]] = set()
    kinds: dict[str, set[str]] = {}
    for item, kind, value, text, _ in answers:
        if kind in ("nps", "csat", "ces") and value is not None:
            out.add(("", kind))
        elif kind == "moment" and text in MOMENTS:
            out.add(("", "moment"))
        elif item and value is not None:
            kinds.setdefault(item, set()).add(kind)
    for item, got in kinds.items():
        if got & {"expectation", "experience"}:
            out.update(((item, "rated"), ("", "rated")))
        if "experience" in got:
            for family, against in (("adequacy", "adequate"), ("superiority", "desired")):
                if against in got:
                    out.add((item, family))
    return out
