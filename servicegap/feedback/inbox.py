"""The feedback inbox's entries: customers' feedback and survey comments, newest first.

Two sources share one order, ``(submitted_at, source, id)`` descending (feedback before a comment
of the same instant): feedback of the customer perspective, and the free-text answers of customer
responses (kind ``comment``). A page is the next ``PAGE`` entries after a cursor (keyset
pagination: each source reads its own index from the cursor on, never OFFSET rows). Employee,
leader and internal input is never an entry (``feedback/groups.py`` shows it in groups).

"What became of it" is read from the other apps' rows that point at an entry: a case
(``Case.feedback``/``Case.response``), recognitions, an improvement action made from an idea.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet

from servicegap.cases.models import Case, CaseStatus
from servicegap.core.models import Workspace
from servicegap.feedback.models import Feedback, FeedbackKind, Recognition
from servicegap.journeys.models import Touchpoint
from servicegap.people.models import Unit
from servicegap.standards.models import Standard
from servicegap.surveys.models import Answer
from servicegap.text import explore

PAGE = 50
COMMENT = "comment"  # the inbox kind of a customer's free-text survey answer
KINDS = (*FeedbackKind.values, COMMENT)
KIND_NAMES = {
    "complaint": "Complaint",
    "compliment": "Compliment",
    "suggestion": "Suggestion",
    "idea": "Idea",
    COMMENT: "Survey comment",
}
# What became of an entry (the status filter); docs/feedback.md.
STATUSES = {
    "nothing": "Nothing yet (no case, recognition or action)",
    "case_open": "A case still open",
    "case_closed": "A closed case",
    "recognised": "Recognised (a compliment routed to the employee)",
    "action": "Made into an improvement action",
}
CHANNELS = {
    "api": "API",
    "widget": "Widget",
    "kiosk": "Kiosk",
    "tell-us": "Tell us page",
    "import": "Import",
    "email": "E-mail",
    "web": "Website",
    "qr": "QR code",
    "app": "App",
}
_FEEDBACK, _COMMENT = 1, 0  # the source's place among entries of the same instant
_CURSOR = re.compile(r"(\d{1,20})-([01])-(\d{1,20})")


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    units: frozenset[int] | None = None  # the unit's subtree cut to the member's; None: all
    touchpoint: Touchpoint | None = None
    standard: Standard | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str = ""
    # The comment explorer's filters on the text engine's labels (servicegap/text/explore.py).
    theme: str = ""
    sentiment: str = ""
    reads_as: str = ""  # the kind the engine read: compliment, complaint, suggestion, question

    @property
    def on_labels(self) -> bool:
        return bool(self.theme or self.sentiment or self.reads_as)


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the last entry's instant (µs since the epoch), source and id."""

    micros: int
    source: int
    pk: int

    @classmethod
    def parse(cls, text: str) -> Cursor:
        match = _CURSOR.fullmatch(text)
        if match is None:
            raise ValueError("not a page cursor of this inbox")
        micros, source, pk = (int(g) for g in match.groups())
        return cls(micros, source, pk)

    def __str__(self) -> str:
        return f"{self.micros}-{self.source}-{self.pk}"

    @property
    def at(self) -> datetime:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=self.micros)


@dataclass
class Entry:
    """One line of the inbox."""

    kind: str
    text: str
    submitted_at: datetime
    source: int
    pk: int
    channel: str  # a label
    unit: Unit | None = None
    touchpoint: Touchpoint | None = None
    standard: Standard | None = None
    employee: Any = None  # the employee a compliment names
    served_by: Any = None  # a comment's response: the employee who served
    response_id: int | None = None  # a comment's response
    survey: str = ""
    case: Case | None = None
    recognised: list[Any] = field(default_factory=list)  # the employees it was routed to
    actions: list[Any] = field(default_factory=list)
    # Filled in by servicegap/text/explore.py: attach (labels, the redacted text, highlights).
    enrichment: Any = None
    shown: str = ""
    mentioned: list[str] = field(default_factory=list)
    about: list[tuple[str, str]] = field(default_factory=list)  # matched standards: code, title
    at: str = ""  # the matched touchpoint's name
    segments: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def cursor(self) -> Cursor:
        delta = self.submitted_at - datetime(1970, 1, 1, tzinfo=UTC)
        return Cursor(delta // timedelta(microseconds=1), self.source, self.pk)


def subtree(workspace: Workspace, root: Unit) -> frozenset[int]:
    """The ids of ``root`` and every unit below it."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Unit.objects.of(workspace).values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = set(), [root.pk]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return frozenset(found)


def window(workspace: Workspace, f: Filters) -> tuple[datetime | None, datetime | None]:
    """``from``/``to`` (whole days in the workspace's time zone) as UTC instants [start, end)."""
    zone = ZoneInfo(workspace.time_zone)
    start = datetime.combine(f.date_from, time(), zone) if f.date_from else None
    end = datetime.combine(f.date_to + timedelta(days=1), time(), zone) if f.date_to else None
    return start, end


def action_model():
    """The improvement actions' model, when that app is installed."""
    try:
        return apps.get_model("actions", "Action")
    except LookupError:
        return None


def _place(query: QuerySet, workspace: Workspace, f: Filters, prefix: str, at: str) -> QuerySet:
    """Unit, touchpoint, standard and period filters; ``prefix`` leads to the row holding them."""
    if f.units is not None:
        query = query.filter(**{f"{prefix}unit_id__in": f.units})
    link = "answer" if prefix else "feedback"  # the row's link to its text labels
    if f.touchpoint is not None:
        # Or the touchpoint the text engine matched the words to.
        query = query.filter(
            Q(**{f"{prefix}touchpoint": f.touchpoint})
            | explore.at_touchpoint(workspace, f.touchpoint, link)
        )
    if f.standard is not None:
        # Matching the standard also means a touchpoint where it applies, or the words.
        carrying = Touchpoint.objects.of(workspace).filter(standards=f.standard)
        where = Q(**{f"{prefix}touchpoint__in": carrying})
        if not prefix:
            where |= Q(standard=f.standard)
        where |= explore.about_standard(workspace, f.standard, link)
        query = query.filter(where)
    query = explore.narrow(query, workspace, f, link)
    start, end = window(workspace, f)
    if start is not None:
        query = query.filter(**{f"{at}__gte": start})
    if end is not None:
        query = query.filter(**{f"{at}__lt": end})
    return query


def _status(query: QuerySet, workspace: Workspace, f: Filters, link: str, ref: str) -> QuerySet:
    """Entries whose outcome is ``f.status``: ``link`` is the case's field pointing at the row
    ``ref`` names (feedback: its pk; a comment: its response)."""
    if not f.status:
        return query
    cases = Case.objects.of(workspace).filter(**{link: OuterRef(ref)})
    closed = cases.filter(status=CaseStatus.CLOSED)
    is_feedback = link == "feedback"
    recognised = Recognition.objects.of(workspace).filter(feedback=OuterRef("pk"))
    model = action_model()
    actions = model.objects.of(workspace).filter(idea=OuterRef("pk")) if model else None
    if f.status == "case_open":
        return query.filter(Exists(cases.exclude(status=CaseStatus.CLOSED)))
    if f.status == "case_closed":
        return query.filter(Exists(closed))
    if f.status == "recognised":
        return query.filter(Exists(recognised)) if is_feedback else query.none()
    if f.status == "action":
        return (
            query.filter(Exists(actions)) if is_feedback and actions is not None else query.none()
        )
    # "nothing": none of the above
    query = query.exclude(Exists(cases))
    if is_feedback:
        query = query.exclude(Exists(recognised))
        if actions is not None:
            query = query.exclude(Exists(actions))
    return query


def _after(cursor: Cursor | None, source: int, at: str) -> Q:
    """The rows of ``source`` that come after ``cursor`` in the inbox's order."""
    if cursor is None:
        return Q()
    if source > cursor.source:  # this source came first at the cursor's instant
        return Q(**{f"{at}__lt": cursor.at})
    if source < cursor.source:
        return Q(**{f"{at}__lte": cursor.at})
    # The bound on its own first, so the index range starts at the cursor (not an OR to scan).
    return Q(**{f"{at}__lte": cursor.at}) & (Q(**{f"{at}__lt": cursor.at}) | Q(pk__lt=cursor.pk))


def feedback_rows(workspace: Workspace, f: Filters, cursor: Cursor | None) -> list[Feedback]:
    if f.kind == COMMENT:
        return []
    query: QuerySet = Feedback.objects.of(workspace).filter(perspective="customer")
    if f.kind:
        query = query.filter(kind=f.kind)
    query = _status(_place(query, workspace, f, "", "submitted_at"), workspace, f, "feedback", "pk")
    query = query.filter(_after(cursor, _FEEDBACK, "submitted_at"))
    query = query.select_related("unit", "touchpoint", "standard", "employee")
    return list(query.order_by("-submitted_at", "-pk")[: PAGE + 1])


def comment_rows(workspace: Workspace, f: Filters, cursor: Cursor | None) -> list[Answer]:
    if f.kind and f.kind != COMMENT:
        return []
    query: QuerySet = (
        Answer.objects.of(workspace)
        # response__workspace too: then the walk goes down the responses' (workspace,
        # perspective, submitted_at) index, newest first, and stops after a page.
        .filter(kind="text", response__workspace=workspace, response__perspective="customer")
        .exclude(value_text="")
    )
    at = "response__submitted_at"
    query = _place(query, workspace, f, "response__", at)
    query = _status(query, workspace, f, "response", "response_id")
    query = query.filter(_after(cursor, _COMMENT, at))
    query = query.select_related(
        "response",
        "response__unit",
        "response__touchpoint",
        "response__survey",
        "response__employee",
    )
    return list(query.order_by(f"-{at}", "-pk")[: PAGE + 1])


def _entry_of_feedback(fb: Feedback) -> Entry:
    return Entry(
        kind=fb.kind, text=fb.text, submitted_at=fb.submitted_at, source=_FEEDBACK, pk=fb.pk,
        channel=CHANNELS.get(fb.channel, fb.channel or "Not recorded"), unit=fb.unit,
        touchpoint=fb.touchpoint, standard=fb.standard, employee=fb.employee,
    )  # fmt: skip


def _entry_of_comment(a: Answer) -> Entry:
    r = a.response
    return Entry(
        kind=COMMENT, text=a.value_text, submitted_at=r.submitted_at, source=_COMMENT, pk=a.pk,
        channel="Survey answer", unit=r.unit, touchpoint=r.touchpoint, response_id=r.pk,
        survey=r.survey.title if r.survey else "", served_by=r.employee,
    )  # fmt: skip


def _outcomes(workspace: Workspace, entries: list[Entry]) -> None:
    """Fill in each entry's case, recognitions and actions (three or four queries a page)."""
    fids = [e.pk for e in entries if e.source == _FEEDBACK]
    rids = [e.response_id for e in entries if e.response_id is not None]
    cases = Case.objects.of(workspace).filter(Q(feedback_id__in=fids) | Q(response_id__in=rids))
    by_feedback = {c.feedback_id: c for c in cases if c.feedback_id}
    by_response = {c.response_id: c for c in cases if c.response_id}
    recognised: dict[int, list[Any]] = {}
    for rec in (
        Recognition.objects.of(workspace).filter(feedback_id__in=fids).select_related("employee")
    ):
        recognised.setdefault(rec.feedback_id, []).append(rec.employee)
    actions: dict[int, list[Any]] = {}
    model = action_model()
    if model is not None and fids:
        for action in model.objects.of(workspace).filter(idea_id__in=fids):
            actions.setdefault(action.idea_id, []).append(action)
    for e in entries:
        if e.source == _FEEDBACK:
            e.case = by_feedback.get(e.pk)
            e.recognised = recognised.get(e.pk, [])
            e.actions = actions.get(e.pk, [])
        elif e.response_id is not None:
            e.case = by_response.get(e.response_id)


def page(
    workspace: Workspace, f: Filters, cursor: Cursor | None
) -> tuple[list[Entry], Cursor | None]:
    """The next ``PAGE`` entries after ``cursor``, and the cursor of the page after (None: the
    last page)."""
    merged = [_entry_of_feedback(fb) for fb in feedback_rows(workspace, f, cursor)]
    merged += [_entry_of_comment(a) for a in comment_rows(workspace, f, cursor)]
    merged.sort(key=lambda e: (e.submitted_at, e.source, e.pk), reverse=True)
    entries = merged[:PAGE]
    _outcomes(workspace, entries)
    explore.attach(workspace, entries)
    more = len(merged) > PAGE
    return entries, (entries[-1].cursor if more else None)
