"""The columns the simulation produces, the ids it refers to, and small shared helpers.

A ``Block`` is a batch of responses of one perspective with their answers in ``Part`` columns
(numpy arrays, no Django); ``writer`` turns blocks into rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from servicegap.demo import story
from servicegap.demo.population import Population, Timeline

CODES = np.array(story.STANDARD_CODES, dtype=object)
CUST_EXP = np.array([s.experience for s in story.STANDARDS])
EXPECT = np.array([s.expectation for s in story.STANDARDS])
IS_PROCESS = np.array([s.dimension == "process" for s in story.STANDARDS], dtype=float)
IMPROVED = (CODES == story.IMPROVED_STANDARD).astype(float)
BRANCH_EFFECT = np.array([b[2] for b in story.BRANCHES])
BRANCH_STD = BRANCH_EFFECT[:, None] + np.array(
    [[story.BRANCH_STANDARD.get((b[0], s), 0.0) for s in CODES] for b in story.BRANCHES]
)
DEPT = {d[0]: i for i, d in enumerate(story.DEPARTMENTS)}
STD = {c: i for i, c in enumerate(story.STANDARD_CODES)}
TOUCHPOINTS = [(j[0], *tp) for j in story.JOURNEYS for tp in j[3]]
_PER_JOURNEY = {j[0]: len(j[3]) for j in story.JOURNEYS}
TP_WEIGHT = np.array(
    [
        story.JOURNEY_SHARE[t[0]] / _PER_JOURNEY[t[0]] * (0.5 if t[4] == "PARTS" else 1.0)
        for t in TOUCHPOINTS
    ]
)
DIMS = np.array(["people", "process", "product"], dtype=object)


def journey_standards(code: str) -> np.ndarray:
    found = {s for j in story.JOURNEYS if j[0] == code for tp in j[3] for s in tp[4]}
    return np.array(sorted(STD[s] for s in found))


@dataclass
class World:
    """Ids of the rows the responses refer to, beside the population and the timeline."""

    timeline: Timeline
    pop: Population
    cust_id: np.ndarray
    emp_id: np.ndarray
    lead_id: np.ndarray
    lead_unit: np.ndarray
    unit: np.ndarray  # (branch, department) -> unit id
    sv_before: np.ndarray  # standard version ids by standard index ...
    sv_after: np.ndarray  # ... and after the day the standard was revised
    sv_switch: np.ndarray  # that day (inf: never)
    tp_id: dict[str, int]
    survey: dict[str, int]


@dataclass
class Part:
    resp: np.ndarray  # index of the response within its block
    kind: str
    item: np.ndarray | str = ""
    num: np.ndarray | None = None
    text: list[str] | None = None
    sv: np.ndarray | None = None


@dataclass
class Block:
    perspective: str
    seconds: np.ndarray  # submitted_at, UTC epoch seconds
    delay: np.ndarray  # received_at - submitted_at, seconds
    respondent: np.ndarray
    unit: np.ndarray
    survey: np.ndarray
    touchpoint: np.ndarray | None = None
    supplier: np.ndarray | None = None
    parts: list[Part] = field(default_factory=list)
    # responses of a story told beside the simulation carry ids "<prefix><n>", so they can be told apart
    external_prefix: str = ""

    @property
    def answers(self) -> int:
        return sum(len(p.resp) for p in self.parts)


def likert(x: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(x), 1, story.SCALE_MAX)


def split(n: int, weights) -> np.ndarray:
    """``n`` split over ``weights`` by cumulative rounding: deterministic, sums to ``n``."""
    cum = np.rint(np.cumsum(weights) / np.sum(weights) * n).astype(int)
    return np.diff(np.concatenate([[0], cum]))


def rated(values: np.ndarray, stds: np.ndarray, kind: str, sv: np.ndarray | None) -> Part:
    m, k = values.shape
    return Part(
        np.repeat(np.arange(m), k),
        kind,
        np.tile(CODES[stds], m),
        values.ravel(),
        sv=None if sv is None else sv.ravel(),
    )


def make_block(rng, perspective, w: World, day, **columns) -> Block:
    secs = w.timeline.seconds(rng, day)
    return Block(perspective, secs, rng.integers(1, 120, len(day)), **columns)


def versions(w: World, stds: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The standard version each answer rated: the one in force on its day."""
    after = day[:, None] >= w.sv_switch[stds]
    return np.where(after, w.sv_after[stds], w.sv_before[stds])
