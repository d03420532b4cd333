"""The behaviours of a standard as an ordered list a form edits without JavaScript.

Pure: no Django. The form posts one text box per behaviour (``behaviour``, repeated, in order)
and, for the no-JS reorder, a button ``move`` whose value is ``<index>:up`` or ``<index>:down``.
"""

from __future__ import annotations

MAX_BEHAVIOURS = 30
MAX_LENGTH = 300
# Empty boxes shown below the list so a new behaviour can be typed without a round trip.
SPARE = 2


def clean(values: list[str]) -> list[str]:
    """The behaviours in order: each stripped, empty boxes left out (emptying a box removes it)."""
    return [v.strip() for v in values if v and v.strip()]


def problems(behaviours: list[str]) -> list[str]:
    """What is wrong with a cleaned list, in words for the page; empty when it is fine."""
    found = []
    if len(behaviours) > MAX_BEHAVIOURS:
        found.append(f"At most {MAX_BEHAVIOURS} behaviours; this has {len(behaviours)}.")
    for i, b in enumerate(behaviours, start=1):
        if len(b) > MAX_LENGTH:
            found.append(f"Behaviour {i} is longer than {MAX_LENGTH} characters.")
    if len({b.casefold() for b in behaviours}) < len(behaviours):
        found.append("A behaviour is listed twice.")
    return found


def move(behaviours: list[str], command: str) -> list[str]:
    """The list with one behaviour moved a step (``"2:up"``); an unknown command changes nothing."""
    index, _, direction = (command or "").partition(":")
    if not index.isdigit() or direction not in ("up", "down"):
        return list(behaviours)
    i = int(index)
    j = i - 1 if direction == "up" else i + 1
    moved = list(behaviours)
    if 0 <= i < len(moved) and 0 <= j < len(moved):
        moved[i], moved[j] = moved[j], moved[i]
    return moved
