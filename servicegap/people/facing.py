"""Which units customers may see by name on public pages (Tell us): the branches, not the tree.

The unit tree is internal (head office, branches, their departments such as "Harrogate Parts").
A customer can tell which branch they dealt with, not which department, so public pages offer
only the first level of the tree that has more than one unit: below a single head office that
is the branches; in a flat list, every unit. Pure: no Django imports.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable


def customer_facing(units: Iterable[tuple[Hashable, Hashable | None]]) -> set[Hashable]:
    """The ids of the customer-facing units, given (id, parent id or None) pairs."""
    children: dict[Hashable | None, list[Hashable]] = {}
    known = {}
    for unit, parent in units:
        known[unit] = parent
    for unit, parent in known.items():
        # A parent outside the list (not expected) counts as the top.
        children.setdefault(parent if parent in known else None, []).append(unit)
    level = children.get(None, [])
    while len(level) == 1 and children.get(level[0]):
        level = children[level[0]]
    return set(level)
