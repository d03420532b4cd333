"""VADER's lexicon scores for the text engine (docs/text.md): the compound score (−1…1) and the
positive, neutral and negative shares. Pure (no Django); the analyser loads once per process.

VADER alone calls almost nothing neutral (its documented band is only ±0.05); the engine's
classifier head (``servicegap.text.learn``) learns from written comments where the lines lie.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np


@lru_cache(maxsize=1)
def _analyser() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def scores(texts: Sequence[str]) -> np.ndarray:
    """One row per text: compound, pos, neu, neg."""
    a = _analyser()
    out = np.zeros((len(texts), 4), dtype=np.float32)
    for i, text in enumerate(texts):
        s = a.polarity_scores(text)
        out[i] = (s["compound"], s["pos"], s["neu"], s["neg"])
    return out


def vader_label(compound: float) -> str:
    """VADER's own three classes, with its documented thresholds (±0.05)."""
    if compound >= 0.05:
        return "positive"
    if compound <= -0.05:
        return "negative"
    return "neutral"
