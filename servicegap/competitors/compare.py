"""Ours against theirs, paired within each customer: the figures of the competitors report.

Pure computation, no Django. A customer who rated a standard for us (``experience``) and for a
competitor (``competitor_experience``) in the same response gives one difference, ours − theirs;
each (standard, competitor) row is a paired t over those customers (n), with its 95 % interval
and p; ``servicegap.gaps.kinds.fast.add_q`` then adjusts p for the number of rows compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from servicegap.lib.inference import paired_gap

Ours = dict[tuple[int, str], float]  # (response, standard) -> our rating
Theirs = Iterable[tuple[int, str, str, float]]  # (response, standard, competitor, their rating)


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def rows(ours: Ours, theirs: Theirs) -> list[dict[str, Any]]:
    pairs: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for rid, standard, competitor, value in theirs:
        mine = ours.get((rid, standard))
        if mine is not None:
            pairs.setdefault((standard, competitor), []).append((mine, value))
    out = []
    for (standard, competitor), found in sorted(pairs.items()):
        stat = paired_gap([a - b for a, b in found])
        out.append({
            "standard": standard, "competitor": competitor, "n": stat.n,
            "ours": mean([a for a, _ in found]), "theirs": mean([b for _, b in found]),
            "difference": stat.mean, "ci_low": stat.ci_low, "ci_high": stat.ci_high,
            "p": stat.p,
        })  # fmt: skip
    return out
