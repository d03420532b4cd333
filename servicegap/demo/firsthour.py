"""What a newcomer tries in the first hour, so every page has something to show: CSAT, CES and
Kano answers (``scores``), past imports and kiosk taps (``history``). Run last in
``extras.create``; each part draws from its own stream."""

from __future__ import annotations

import numpy as np

from servicegap.core.models import Workspace
from servicegap.demo import history, scores, story
from servicegap.demo.blocks import World
from servicegap.surveys.models import Response


def size(ws: Workspace) -> float:
    """The demo's size against the story's default (1.0), at most 1: a small test build gets a
    few of these rows, a large build no more than the default's."""
    return min(1.0, Response.objects.of(ws).count() / story.DEFAULT_RESPONSES)


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    scale = size(ws)
    scores.create(rng, w, ws, refs, scale)
    history.create(rng, w, ws, refs, scale)
