"""Employee, leader and internal comments and feedback in the inbox: grouped, never one by one.

Every protected text of a perspective and calendar quarter (workspace time zone) is pooled into
one fixed partition of groups (``servicegap.anonymity.comments.pool``); a group is shown when it
has at least ``COMMENT_THRESHOLD`` distinct writers (or the workspace's anonymity threshold, if
higher). A reader's filters only choose which whole groups to show (unit, period, kind of text),
so no filter splits a group or exposes its members' units, dates, responses or writers.
Touchpoint, standard and status do not slice protected input (docs/anonymity.md): with any of
them set, no group is shown.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from servicegap.anonymity.comments import COMMENT_THRESHOLD, pool
from servicegap.core.models import Workspace
from servicegap.feedback.inbox import COMMENT, KIND_NAMES, Filters, action_model
from servicegap.feedback.models import Feedback
from servicegap.gaps.filters import period_key, period_start
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.people.handlers import ERASED, EXPIRED
from servicegap.people.models import Unit
from servicegap.surveys.models import Answer, Response

PERSPECTIVE_ORDER = ("employee", "leader", "internal")
PLURAL = {"employee": "Employees", "leader": "Leaders", "internal": "Internal customers"}


@dataclass(frozen=True)
class Text:
    kind: str  # comment, or the feedback's kind
    text: str
    action: str = ""  # the code of an improvement action made from this idea
    idea: int | None = None  # the feedback id of an idea, to make an action from it

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)


@dataclass
class ShownGroup:
    perspective: str
    quarter: str
    unit: Unit | None  # None: the whole workspace
    writers: int
    texts: list[Text] = field(default_factory=list)

    @property
    def label(self) -> str:
        return PLURAL[self.perspective]


def threshold(workspace: Workspace) -> int:
    return max(COMMENT_THRESHOLD, workspace.anonymity_threshold)


def _quarter_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(period_start(day, "quarter"), time(), zone)


def _raw(workspace: Workspace, f: Filters):
    """(perspective, submitted_at, unit id, writer, Text) of every protected text in the quarters
    the period touches (whole quarters: a group is never cut by the period)."""
    zone = ZoneInfo(workspace.time_zone)
    responses = Response.objects.of(workspace).filter(perspective__in=PROTECTED_PERSPECTIVES)
    feedback = Feedback.objects.of(workspace).filter(perspective__in=PROTECTED_PERSPECTIVES)
    if f.date_from is not None:
        start = _quarter_start(f.date_from, zone)
        responses, feedback = (
            responses.filter(submitted_at__gte=start),
            feedback.filter(submitted_at__gte=start),
        )
    if f.date_to is not None:
        end = datetime.combine(_next_quarter(period_start(f.date_to, "quarter")), time(), zone)
        responses, feedback = (
            responses.filter(submitted_at__lt=end),
            feedback.filter(submitted_at__lt=end),
        )
    found = []
    heads = {
        pk: (perspective, at, unit, respondent)
        for pk, perspective, at, unit, respondent in responses.values_list(
            "pk", "perspective", "submitted_at", "unit_id", "respondent_id"
        )
    }
    ids = list(heads)
    for first in range(0, len(ids), 500):
        # By response ids alone (they are this workspace's): see surveys/transfer/responses.py.
        answers = Answer.objects.filter(response_id__in=ids[first : first + 500], kind="text")
        for rid, text in answers.exclude(value_text__in=["", ERASED, EXPIRED]).values_list(
            "response_id", "value_text"
        ):
            perspective, at, unit, respondent = heads[rid]
            writer: Hashable = ("p", respondent) if respondent else ("r", rid)
            found.append((perspective, at, unit, writer, Text(COMMENT, text)))
    made = action_model()
    actions: dict[int, str] = {}
    if made is not None:
        ideas = made.objects.of(workspace).filter(idea__in=feedback).values_list("idea_id", "code")
        actions = dict(ideas)
    rows = feedback.exclude(text__in=[ERASED, EXPIRED]).values_list(
        "pk", "perspective", "submitted_at", "unit_id", "person_id", "kind", "text"
    )
    for pk, perspective, at, unit, person, kind, text in rows:
        writer = ("p", person) if person else ("f", pk)
        idea = pk if kind == "idea" else None
        found.append((perspective, at, unit, writer, Text(kind, text, actions.get(pk, ""), idea)))
    return found


def _next_quarter(first: date) -> date:
    month = first.month + 3
    return date(first.year + (month > 12), (month - 1) % 12 + 1, 1)


def groups(workspace: Workspace, f: Filters, scope: frozenset[int] | None) -> list[ShownGroup]:
    """The groups shown for these filters: ``f.units`` (the filter's subtree, already cut to the
    member's units) and ``scope`` (the member's units; None: all) choose whole groups, ``f.kind``
    the texts shown inside them."""
    if f.touchpoint is not None or f.standard is not None or f.status:
        return []
    zone = ZoneInfo(workspace.time_zone)
    units = {u.pk: u for u in Unit.objects.of(workspace)}
    parents = {pk: u.parent_id for pk, u in units.items()}
    limit = threshold(workspace)
    partitions: dict[tuple[str, str], list[tuple]] = {}
    for perspective, at, unit, writer, text in _raw(workspace, f):
        quarter = period_key(at.astimezone(zone).date(), "quarter")
        partitions.setdefault((perspective, quarter), []).append((unit, writer, text))
    shown: list[ShownGroup] = []
    for (perspective, quarter), items in partitions.items():
        for g in pool([(unit, writer) for unit, writer, _ in items], parents, limit):
            if not g.shown(limit):
                continue
            if g.unit is None and (f.units is not None or scope is not None):
                continue  # the whole workspace's group is no unit's: only for every-unit readers
            if f.units is not None and g.unit not in f.units:
                continue
            if scope is not None and g.unit not in scope:
                continue
            texts = [items[i][2] for i in g.members]
            if f.kind:
                texts = [t for t in texts if t.kind == f.kind]
            if texts:
                unit = units.get(g.unit) if g.unit is not None else None
                # Sorted by text, not by time: the order says nothing about who wrote when.
                texts.sort(key=lambda t: (t.text.casefold(), t.kind))
                shown.append(ShownGroup(perspective, quarter, unit, g.writers, texts))
    shown.sort(
        key=lambda g: (PERSPECTIVE_ORDER.index(g.perspective), g.unit.name if g.unit else "")
    )
    shown.sort(key=lambda g: g.quarter, reverse=True)  # stable: newest quarter first
    return shown
