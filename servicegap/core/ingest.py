"""What other capabilities hear when input is stored: the ingest hooks.

A capability declares ``ingest_hooks = ("module:fn",)`` in its AppConfig; ``announce`` calls each
``fn(stored)`` inside the transaction that stored the rows, so whatever a hook writes (a case,
a queued webhook) commits or rolls back with them. ``stored.live`` says whether the input came in
live (API, pages, kiosk, widget, e-mail replies) or through an import, which opens no cases
unless asked to (``servicegap import --open-cases``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Stored:
    """Rows just stored: responses (with their clean answers, in the same order) or feedback."""

    kind: Literal["response", "feedback"]
    workspace: Any
    rows: Sequence[Any]
    live: bool
    answers: Sequence[Sequence[Any]] = field(default_factory=tuple)  # CleanAnswer per response


@cache
def hooks() -> tuple[Callable[[Stored], None], ...]:
    from servicegap.core.capabilities import capabilities

    return tuple(
        import_string(path.replace(":", ".")) for c in capabilities() for path in c.ingest_hooks
    )


def announce(stored: Stored) -> None:
    if stored.rows:
        for hook in hooks():
            hook(stored)
