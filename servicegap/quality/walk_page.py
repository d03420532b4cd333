"""What the walk-throughs page shows: the audit rounds (due, overdue, done), the recent walks,
and the leaders in their customers' shoes (walks and conversations per quarter)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count

from servicegap.accounts.models import Membership, Role
from servicegap.core.models import Workspace
from servicegap.journeys.models import Journey
from servicegap.quality.models import AuditRound, Conversation, WalkThrough
from servicegap.quality.walk_compute import leader_rows, quarters_back

QUARTERS = 4
LEADERS = (Role.OWNER, Role.LEADER)


def today(workspace: Workspace) -> date:
    zone = ZoneInfo(workspace.time_zone or "UTC")
    return datetime.now(tz=UTC).astimezone(zone).date()


@dataclass
class RoundRow:
    round: AuditRound
    state: str  # "due", "overdue" or "done"
    walk: WalkThrough | None


def rounds(workspace: Workspace) -> list[RoundRow]:
    """Every round: overdue first, then due (soonest first), then done (latest first)."""
    now = today(workspace)
    found = AuditRound.objects.of(workspace).select_related("unit", "journey", "assignee")
    walks: dict[int, WalkThrough] = {}
    for w in WalkThrough.objects.of(workspace).filter(round__isnull=False).order_by("visited_at"):
        walks.setdefault(w.round_id or 0, w)
    rows = []
    for r in found:
        walk = walks.get(r.pk)
        state = "done" if walk else ("overdue" if r.due_on < now else "due")
        rows.append(RoundRow(r, state, walk))
    rank = {"overdue": 0, "due": 1, "done": 2}
    return sorted(rows, key=lambda x: (rank[x.state],
                                       -x.round.due_on.toordinal() if x.state == "done"
                                       else x.round.due_on.toordinal()))  # fmt: skip


def leaders(workspace: Workspace) -> dict[str, Any]:
    quarters = quarters_back(today(workspace), QUARTERS)
    members = Membership.objects.of(workspace).filter(role__in=LEADERS).select_related("user")
    people = [(m.user_id, m.user.get_full_name() or m.user.email) for m in members]
    zone = ZoneInfo(workspace.time_zone or "UTC")
    walks = [
        (who, when.astimezone(zone).date())
        for who, when in WalkThrough.objects.of(workspace)
        .filter(walker__isnull=False, walker_kind="leader")
        .values_list("walker_id", "visited_at")
    ]
    talks = list(Conversation.objects.of(workspace).values_list("leader_id", "held_on"))
    rows = leader_rows(people, walks, talks, quarters)
    return {"quarters": quarters, "rows": rows,
            "undercover": [r for r in rows if not r.walked_now]}  # fmt: skip


def build(workspace: Workspace) -> dict[str, Any]:
    journeys = Journey.objects.of(workspace).annotate(steps=Count("touchpoints"))
    recent = (
        WalkThrough.objects.of(workspace)
        .select_related("journey", "unit")
        .annotate(checks_n=Count("checks"))[:20]
    )
    listed = rounds(workspace)
    return {
        "journeys": [j for j in journeys if j.steps],
        "rounds": listed,
        "overdue": sum(1 for r in listed if r.state == "overdue"),
        "recent": recent,
        "leaders": leaders(workspace),
    }
