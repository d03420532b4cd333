"""Which employee, leader and internal comments may be read, and in which groups (no Django).

Free text identifies its writer far more easily than a mean does, so protected comments (free-text
answers and feedback of the employee, leader and internal perspectives) are never shown one by
one: only in groups of at least ``COMMENT_THRESHOLD`` distinct writers, never with a person, a
date or a response (docs/anonymity.md, "Comments").

The groups are one fixed partition of every comment of a perspective and calendar quarter,
whatever a reader filters: each comment belongs to exactly one group, so no group can be computed
from others by difference. A unit's comments form its own group when they have enough writers;
otherwise they are pooled into the parent unit's group, and so on up to the whole workspace (a
comment without a unit starts there). A pooled group is shown under its unit alone, never under
the unit a comment came from.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

COMMENT_THRESHOLD = 10  # distinct writers a group of protected comments needs to be shown

Unit = int | None  # a unit's id; None: the whole workspace


@dataclass(frozen=True)
class Group:
    """Comments pooled at ``unit``: their positions in the input and their distinct writers."""

    unit: Unit
    members: tuple[int, ...]
    writers: int

    def shown(self, threshold: int) -> bool:
        return self.writers >= threshold


def _depth(unit: int, parents: Mapping[int, int | None]) -> int:
    depth, seen = 0, {unit}
    parent = parents.get(unit)
    while parent is not None and parent not in seen:  # a cycle cannot be stored, but stay finite
        seen.add(parent)
        depth += 1
        parent = parents.get(parent)
    return depth


def pool(
    comments: Sequence[tuple[Unit, Hashable]],
    parents: Mapping[int, int | None],
    threshold: int = COMMENT_THRESHOLD,
) -> list[Group]:
    """The groups of ``comments`` ((unit, writer) pairs of one perspective and period), deepest
    units first. Every comment is in exactly one group; a group is at the deepest unit on its
    comments' way to the root whose pooled comments have ``threshold`` distinct writers, or at
    the root (``None``), shown or not."""
    waiting: dict[Unit, list[int]] = {}
    for at, (unit, _writer) in enumerate(comments):
        waiting.setdefault(unit if unit in parents else None, []).append(at)
    groups: list[Group] = []
    # Deepest first, so a unit has received whatever its children could not show alone.
    for unit in sorted(parents, key=lambda u: (-_depth(u, parents), u)):
        members = waiting.pop(unit, [])
        if not members:
            continue
        writers = len({comments[i][1] for i in members})
        if writers >= threshold:
            groups.append(Group(unit, tuple(members), writers))
        else:
            parent = parents.get(unit)
            waiting.setdefault(parent if parent in parents else None, []).extend(members)
    rest = waiting.pop(None, [])
    if rest:
        groups.append(Group(None, tuple(rest), len({comments[i][1] for i in rest})))
    return groups
