"""Draw the demo's responses in the story's mix of survey templates (numpy, no Django)."""

from __future__ import annotations

import numpy as np

from servicegap.demo import story
from servicegap.demo.blocks import (
    CODES,
    TOUCHPOINTS,
    TP_WEIGHT,
    Block,
    World,
    journey_standards,
    split,
)
from servicegap.demo.customers import exits, perception, pulses
from servicegap.demo.staff import internal, staff


def chunk(rng: np.random.Generator, w: World, n: int) -> list[Block]:
    """About ``n`` responses of every template, in the story's mix."""
    counts = dict(zip(story.MIX, split(n, list(story.MIX.values())), strict=True))
    return [
        *perception(rng, w, counts["perception"]),
        *pulses(rng, w, counts["pulse"]),
        *staff(rng, w, counts["employee"], "employee"),
        *staff(rng, w, counts["leader"], "leader"),
        *internal(rng, w, counts["internal"]),
        *exits(rng, w, counts["exit"]),
    ]


def answers_per_response() -> float:
    """The expected number of answers of one response in the story's mix (for planning)."""
    per = {
        "perception": sum(
            s * (2 * len(journey_standards(j)) + 2) for j, s in story.JOURNEY_SHARE.items()
        )
        + 3 * story.P_IMPORTANCE
        + story.P_TEXT["perception"],
        "pulse": float(np.dot(TP_WEIGHT / TP_WEIGHT.sum(), [1 + len(t[5]) for t in TOUCHPOINTS]))
        + 0.22,
        "employee": 2 * len(CODES) + story.P_TEXT["employee"],
        "leader": 2 * len(CODES) + story.P_TEXT["leader"],
        "internal": len(story.INTERNAL_ITEMS) + 1 + story.P_TEXT["internal"],
        "exit": 2 + story.P_TEXT["exit"],
    }
    return sum(story.MIX[k] * v for k, v in per.items())
