"""Small-group suppression for anonymity (primary and complementary cell suppression).

Method: threshold rule with primary and complementary suppression as used for statistical
disclosure control of tables (Hundepool et al., *Statistical Disclosure Control*, Wiley 2012,
§5.2 and §5.5; Eurostat/ESSnet "Handbook on SDC", threshold rule). Counts are distinct
respondents.

* Primary: every group with 0 < count < threshold is hidden. A group with count 0 is
  absent (there is nothing to show), not hidden.
* Complementary, when the parent total is shown (``parent_total`` given): the attacker knows
  the hidden groups' combined count H = parent_total − Σ visible (assuming the worst, that
  any part of the parent not in a child is published elsewhere) and that each hidden group
  has at least one respondent. A hidden group's count is then computable exactly when only
  one group is hidden or when H equals the number of hidden groups (all of them are 1), and
  the hidden groups together form a computable group below the threshold when H < threshold.
  While any of that holds, the smallest visible group is hidden too.
* If even hiding every child cannot satisfy that, ``must_hide_parent`` says the parent total
  itself has to be hidden; a parent below the threshold is always hidden.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def is_hidden(count: int, threshold: int) -> bool:
    """Primary suppression of one group: 0 < count < threshold."""
    return 0 < count < threshold


def safe(hidden_counts: list[int], threshold: int) -> bool:
    """No hidden count can be computed, nor a hidden combination below the threshold."""
    if not hidden_counts:
        return True
    total = sum(hidden_counts)
    return len(hidden_counts) >= 2 and total >= threshold and total > len(hidden_counts)


def suppressed(groups: Mapping[K, int], threshold: int, parent_total: int | None = None) -> set[K]:
    """The keys of ``groups`` whose figures must not be shown (see module doc)."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    if any(c < 0 for c in groups.values()):
        raise ValueError("group counts must not be negative")
    hidden = {key for key, count in groups.items() if is_hidden(count, threshold)}
    if parent_total is None or is_hidden(parent_total, threshold):
        return hidden
    # Smallest first; ties keep the mapping's order (sorted is stable).
    visible = sorted(
        (key for key, count in groups.items() if count > 0 and key not in hidden),
        key=lambda key: groups[key],
    )
    while visible and not safe([groups[key] for key in hidden], threshold):
        hidden.add(visible.pop(0))
    return hidden


def must_hide_parent(groups: Mapping[K, int], threshold: int, parent_total: int) -> bool:
    """True when the parent total itself must be hidden.

    That is when it is below the threshold, or when showing it would still let a hidden
    child be computed after complementary suppression of the children.
    """
    if is_hidden(parent_total, threshold):
        return True
    hidden = suppressed(groups, threshold, parent_total)
    return not safe([groups[key] for key in hidden], threshold)
