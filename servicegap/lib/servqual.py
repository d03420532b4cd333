"""SERVQUAL weighted gap score from importance points (pure arithmetic, no Django).

Method: Parasuraman, Zeithaml & Berry (1988), "SERVQUAL: A multiple-item scale for measuring
consumer perceptions of service quality", J. Retailing 64(1) — the weighted SERVQUAL score.
Respondents share 100 points among the dimensions by importance; each dimension's weight is the
mean of its points / 100, and the weighted gap is Σ_d weight_d × gap_d, where gap_d is the mean
gap of the standards in dimension d. Only dimensions that have both a weight and a gap count.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def weights(points: Mapping[str, Sequence[float]]) -> dict[str, float]:
    """dimension → mean importance points / 100 (dimensions without points are left out)."""
    return {d: math.fsum(p) / len(p) / 100.0 for d, p in sorted(points.items()) if p}


def weighted_gap(
    weight: Mapping[str, float], standard_gaps: Mapping[str, Sequence[float]]
) -> float | None:
    """Σ weight_d × mean(standard gaps of d) over the dimensions with both; None when none has."""
    terms = [
        weight[d] * math.fsum(g) / len(g)
        for d, g in sorted(standard_gaps.items())
        if g and d in weight
    ]
    return math.fsum(terms) if terms else None
