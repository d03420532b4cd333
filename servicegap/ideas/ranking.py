"""The ideas board's rules, without Django: the statuses an idea may move to, the order of the
board, brainstorm codes and moving along a journey's steps."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

STATUSES = ("new", "planned", "done")
SORTS = ("votes", "newest")
# No 0/O or 1/I/L: the code is read off a projected screen and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


@dataclass(frozen=True)
class Ranked:
    pk: int
    votes: int
    submitted_at: datetime


def status_problem(current: str, target: str) -> str:
    """Why ``current`` cannot become ``target`` ("" when it can). Any of the three statuses may
    follow any other (a planned idea may turn out not to be, a done one may come back), but a
    change must change something, so the audit log holds only real moves."""
    if target not in STATUSES:
        return f"status: must be one of {', '.join(STATUSES)}"
    if target == current:
        return f"status: the idea is already {target}"
    return ""


def order(rows: Sequence[Ranked], sort: str) -> list[int]:
    """The board's order of ideas: most votes first (newest first among equals), or newest."""

    def key(r: Ranked) -> tuple[int, datetime, int]:
        return (0 if sort == "newest" else r.votes, r.submitted_at, r.pk)

    return [r.pk for r in sorted(rows, key=key, reverse=True)]


def new_code(taken: set[str]) -> str:
    """A short code for a brainstorm's link, unlike any in ``taken``."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def moved(steps: Sequence[int], current: int, direction: str) -> int:
    """The step after (``next``) or before (``previous``) ``current``; the first and the last
    stay where they are. A current step no longer in the journey restarts at the first."""
    if not steps:
        return current
    if current not in steps:
        return steps[0]
    i = steps.index(current) + (1 if direction == "next" else -1)
    return steps[min(max(i, 0), len(steps) - 1)]
