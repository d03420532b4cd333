"""Kano classification from the functional / dysfunctional question pair.

Source: Berger, C. et al. (1993), "Kano's methods for understanding customer-defined quality",
Center for Quality Management Journal 2(4), the evaluation table below (rows: answer to the
functional question, columns: answer to the dysfunctional question). Categories: A attractive,
O one-dimensional, M must-be, I indifferent, R reverse, Q questionable. The category of an item
is the most frequent one; ties are broken M > O > A > I (Berger et al.'s "M > O > A > I" rule),
then R, then Q. Customer-satisfaction coefficients (Berger et al. 1993, also Timko's):
Better = (A + O) / (A + O + M + I), Worse = −(O + M) / (A + O + M + I).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")
CATEGORIES = ("A", "O", "M", "I", "R", "Q")
TIE_ORDER = ("M", "O", "A", "I", "R", "Q")

_ROWS = {
    # functional answer: categories for dysfunctional like, must-be, neutral, live-with, dislike
    "like": "QAAAO",
    "must-be": "RIIIM",
    "neutral": "RIIIM",
    "live-with": "RIIIM",
    "dislike": "RRRRQ",
}

TABLE: dict[tuple[str, str], str] = {
    (functional, dysfunctional): row[j]
    for functional, row in _ROWS.items()
    for j, dysfunctional in enumerate(ANSWERS)
}


@dataclass(frozen=True)
class KanoStat:
    n: int
    category: str | None
    counts: dict[str, int]
    better: float | None
    worse: float | None


def category(functional: str, dysfunctional: str) -> str:
    """The Berger et al. (1993) category of one answer pair; unknown answers raise ValueError."""
    try:
        return TABLE[(functional, dysfunctional)]
    except KeyError:
        raise ValueError(
            f"Kano answers must be one of {', '.join(ANSWERS)}; "
            f"got {functional!r} / {dysfunctional!r}"
        ) from None


def summarise(pairs: Iterable[tuple[str, str]]) -> KanoStat:
    """Counts per category, the winning category and the Better/Worse coefficients."""
    counts = dict.fromkeys(CATEGORIES, 0)
    for functional, dysfunctional in pairs:
        counts[category(functional, dysfunctional)] += 1
    n = sum(counts.values())
    if n == 0:
        return KanoStat(0, None, counts, None, None)
    top = max(counts.values())
    winner = next(c for c in TIE_ORDER if counts[c] == top)
    a, o, m, i = counts["A"], counts["O"], counts["M"], counts["I"]
    base = a + o + m + i
    if base == 0:
        return KanoStat(n, winner, counts, None, None)
    return KanoStat(n, winner, counts, (a + o) / base, 0.0 - (o + m) / base)
