"""Pure helpers of the comment explorer (no Django): which words of a comment to highlight, and
the themes' monthly trend with its intervals. Tested on plain values (tests/text)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from servicegap.lib.proportions import wilson

_WORD = re.compile(r"[^\W_]{3,}", re.UNICODE)
STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "was",
        "were",
        "that",
        "this",
        "they",
        "them",
        "then",
        "than",
        "you",
        "your",
        "our",
        "are",
        "but",
        "not",
        "have",
        "had",
        "has",
        "very",
        "too",
        "all",
        "any",
        "from",
        "into",
        "about",
    ]
)


def words_of(labels: Iterable[str]) -> set[str]:
    """The words worth marking in a comment: those of its themes and the names it mentions."""
    return {w.lower() for label in labels for w in _WORD.findall(label)} - STOP


def segments(text: str, words: set[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, marked) pieces: whole words in ``words`` (any case) are marked.
    The template escapes every piece, so nothing here needs to be safe HTML."""
    if not words:
        return [(text, False)] if text else []
    found: list[tuple[str, bool]] = []
    at = 0
    for m in _WORD.finditer(text):
        if m.group().lower() in words:
            if m.start() > at:
                found.append((text[at : m.start()], False))
            found.append((m.group(), True))
            at = m.end()
    if at < len(text):
        found.append((text[at:], False))
    return found


@dataclass(frozen=True)
class Cell:
    """One theme in one month: k of the month's n comments, with the share's 95 % interval."""

    month: str
    k: int
    n: int
    low: float
    high: float

    @property
    def share(self) -> float:
        return self.k / self.n if self.n else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)

    @property
    def interval(self) -> str:
        return f"{100 * self.low:.0f}–{100 * self.high:.0f} %"


@dataclass(frozen=True)
class Trend:
    theme: str
    cells: tuple[Cell, ...]
    emerging: bool  # first seen in the latest month


def trends(
    rows: Sequence[tuple[str, Sequence[str]]], months: Sequence[str], top: int = 6
) -> list[Trend]:
    """The ``top`` themes of ``rows`` ((month "YYYY-MM", themes) per comment) month by month:
    the share of that month's comments carrying the theme, with its Wilson interval. A theme is
    emerging when no comment before the latest month carried it."""
    totals = Counter(month for month, _ in rows)
    per: Counter[tuple[str, str]] = Counter()
    first: dict[str, str] = {}
    overall: Counter[str] = Counter()
    for month, themes in rows:
        for theme in set(themes):
            per[(theme, month)] += 1
            overall[theme] += 1
            first[theme] = min(first.get(theme, month), month)
    latest = max(totals) if totals else ""
    found = []
    for theme, _ in sorted(overall.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        cells = []
        for month in months:
            k, n = per[(theme, month)], totals[month]
            low, high = wilson(k, n) if n else (0.0, 0.0)
            cells.append(Cell(month, k, n, low, high))
        found.append(Trend(theme, tuple(cells), first[theme] == latest))
    return found
