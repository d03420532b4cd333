""" "You said, we did" on the public promise page: the completed actions marked public, each
with its measured effect in one plain sentence. Written for customers: the standards by their
published titles, never the internal unit tree or codes, and a change called a change only when
its interval says so (``servicegap.actions.effect``)."""

from __future__ import annotations

from typing import Any

from servicegap.actions.measure import measured, today, tree
from servicegap.actions.models import Action, ActionStandard, ActionStatus
from servicegap.core.models import Workspace

SHOWN = 10  # the latest completed public actions


def _points(value: float) -> str:
    size = abs(value)
    return f"{size:.1f} point{'' if f'{size:.1f}' == '1.0' else 's'}"


def sentence(row: dict[str, Any], titles: list[str]) -> str:
    """The measured effect in words, for a customer."""
    about = " and ".join(f"'{t}'" for t in titles) if titles else "this part of our service"
    verdict = row.get("verdict")
    if verdict in ("worked", "worse") and row.get("change") is not None:
        low, high = row["change_ci_low"], row["change_ci_high"]
        way = "higher" if verdict == "worked" else "lower"
        return (
            f"Customers now rate {about} {_points(row['change'])} {way} "
            f"(95 % interval {min(abs(low), abs(high)):.1f} to {max(abs(low), abs(high)):.1f})."
        )
    if verdict == "no_change":
        return f"We have not yet measured a clear change in how customers rate {about}."
    return f"It is too early to measure how customers rate {about} since."


def you_said_we_did(workspace: Workspace) -> list[dict[str, Any]]:
    """The latest completed public actions: title, completed_on and the sentence."""
    actions = list(
        Action.objects.of(workspace)
        .filter(public=True, status=ActionStatus.DONE)
        .order_by("-completed_on", "code")[:SHOWN]
    )
    if not actions:
        return []
    units, on = tree(workspace), today(workspace)
    links = ActionStandard.objects.of(workspace).filter(action__in=actions)
    titles: dict[int, list[str]] = {}
    for action_id, title in links.order_by("standard__code").values_list(
        "action_id", "standard__title"
    ):
        titles.setdefault(action_id, []).append(title)
    items = []
    for action in actions:
        row = measured(action, units, on)
        items.append(
            {
                "title": action.title,
                "completed_on": action.completed_on,
                "sentence": sentence(row, titles.get(action.pk, [])),
                "verdict": row["verdict"],
            }
        )
    return items
