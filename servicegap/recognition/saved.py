"""'Customers you saved' on My page: the closed cases a member owned whose customer was saved.

Whether a customer was saved is the cases app's rule (``servicegap.cases.outcome.outcomes``: the
recovery survey answered 4-5, a later NPS of 7 or more, or a later transaction within the
horizon), asked for many cases at once. Where that module is not installed the section says so
instead of guessing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from servicegap.cases.models import Case
from servicegap.core.models import Workspace

SHOWN = 50  # the newest saved customers listed
LOOKED_AT = 500  # the newest closed cases whose outcome is worked out


def outcome_rule() -> Callable[[Workspace, Iterable[Case]], dict[int, str]] | None:
    """``servicegap.cases.outcome.outcomes`` (case id → saved, lost, open or unknown), or None
    where the cases app has no such rule."""
    try:
        module = importlib.import_module("servicegap.cases.outcome")
    except ImportError:
        return None
    return getattr(module, "outcomes", None)


def saved_by(workspace: Workspace, user: Any) -> list[Case]:
    """The closed cases ``user`` owned whose customer was saved, newest closed first."""
    outcomes = outcome_rule()
    if outcomes is None:
        return []
    closed = list(
        Case.objects.of(workspace)
        .filter(owner=user, closed_at__isnull=False)
        .select_related("customer", "unit")
        .order_by("-closed_at", "-pk")[:LOOKED_AT]
    )
    decided = outcomes(workspace, closed)
    return [case for case in closed if decided.get(case.pk) == "saved"][:SHOWN]
