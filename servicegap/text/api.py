"""``GET /api/v1/comments``: the comment explorer's filters and labels for integrations (the
``read`` scope). Customers' feedback and survey comments one by one, newest first, by cursor;
employees', leaders' and internal words only in groups past the comment threshold, and only
when no filter narrows below a group (docs/text.md). Texts are always redacted. (No ``from
__future__ import annotations``: Ninja reads the annotations at import time.)
"""

from datetime import date
from typing import Any

from ninja import Field, Query, Router, Schema

from servicegap.api.auth import scoped
from servicegap.api.errors import responses
from servicegap.feedback import groups as employee_groups
from servicegap.feedback import inbox
from servicegap.feedback.inbox import Cursor, Filters
from servicegap.journeys.models import Touchpoint
from servicegap.lib.errors import FieldError
from servicegap.people.models import Unit
from servicegap.standards.models import Standard
from servicegap.text import explore
from servicegap.text.show import redact

router = Router(tags=["comments"])
# ``from`` and ``to`` are Python keywords: the parameters take them as aliases.
FROM = Query(None, alias="from")  # type: ignore[type-arg]
TO = Query(None, alias="to")  # type: ignore[type-arg]


class LabelsOut(Schema):
    sentiment: str
    score: float
    kind: str
    dimension: str
    standards: list[str]
    touchpoint: str | None
    mentions: list[str] = Field(description="Codes of the employees the comment names.")
    themes: list[str]
    corrected: list[str] = Field(description="Labels a person set by hand.")
    backend: str


class CommentOut(Schema):
    source: str = Field(description="feedback or answer (a survey's text answer)")
    id: int
    response_id: int | None
    feedback_kind: str = Field(description="The feedback's kind as sent, or comment")
    submitted_at: str
    text: str = Field(description="As shown: e-mail, phone, card and account numbers replaced.")
    unit: str | None
    touchpoint: str | None
    highlights: list[str] = Field(description="The words of its themes and mentions found in it.")
    labels: LabelsOut | None = Field(description="None until the worker has labelled it.")


class GroupOut(Schema):
    perspective: str
    quarter: str
    unit: str | None
    writers: int
    texts: list[str]


class CommentPage(Schema):
    rows: list[CommentOut]
    next_cursor: str | None
    groups: list[GroupOut]
    threshold: int


def _by_code(model: Any, workspace: Any, field: str, code: str | None) -> Any:
    if not code:
        return None
    found = model.objects.of(workspace).filter(code=code).first()
    if found is None:
        raise FieldError(field, f"there is no {field} {code!r} in this workspace")
    return found


def _choice(field: str, value: str | None, allowed: tuple[str, ...]) -> str:
    if value and value not in allowed:
        raise FieldError(field, f"must be one of {', '.join(allowed)}")
    return value or ""


def _row(e: Any) -> dict[str, Any]:
    x = e.enrichment
    labels = None
    if x is not None:
        labels = {
            "sentiment": x.sentiment, "score": x.score, "kind": x.kind, "dimension": x.dimension,
            "standards": x.standards, "touchpoint": x.touchpoint or None, "mentions": x.mentions,
            "themes": x.themes, "corrected": x.corrected, "backend": x.backend,
        }  # fmt: skip
    return {
        "source": "answer" if e.response_id is not None else "feedback", "id": e.pk,
        "response_id": e.response_id, "feedback_kind": e.kind,
        "submitted_at": e.submitted_at.isoformat(), "text": e.shown,
        "unit": e.unit.code if e.unit else None,
        "touchpoint": e.touchpoint.code if e.touchpoint else None,
        "highlights": [piece for piece, marked in e.segments if marked], "labels": labels,
    }  # fmt: skip


@router.get("/comments", response=responses(CommentPage, params=True), auth=scoped("read"))
def list_comments(
    request,
    theme: str | None = None,
    sentiment: str | None = None,
    kind: str | None = None,
    standard: str | None = None,
    touchpoint: str | None = None,
    unit: str | None = None,
    date_from: date | None = FROM,
    date_to: date | None = TO,
    cursor: str | None = None,
):
    """Customers' comments (feedback and survey text answers), newest first, 50 a page, with
    the text engine's labels. `kind` is the kind the words read as (compliment, complaint,
    suggestion, question); `standard` and `touchpoint` match the stated or the matched one;
    `unit` a unit code (its subtree); `from`/`to` whole days in the workspace's time zone.
    Employee, leader and internal words come only as `groups` of at least `threshold` writers,
    and only without a theme, sentiment, kind, standard or touchpoint filter."""
    ws = request.workspace
    if date_from and date_to and date_from > date_to:
        raise FieldError("to", "must be on or after from")
    place = _by_code(Unit, ws, "unit", unit)
    f = Filters(
        units=inbox.subtree(ws, place) if place else None,
        touchpoint=_by_code(Touchpoint, ws, "touchpoint", touchpoint),
        standard=_by_code(Standard, ws, "standard", standard),
        date_from=date_from, date_to=date_to, theme=theme or "",
        sentiment=_choice("sentiment", sentiment, explore.SENTIMENTS),
        reads_as=_choice("kind", kind, explore.KINDS),
    )  # fmt: skip
    after = None
    if cursor:
        try:
            after = Cursor.parse(cursor)
        except ValueError:
            raise FieldError("cursor", "not a cursor this API gave; start without one") from None
    entries, following = inbox.page(ws, f, after)
    shown = []
    if after is None and not f.on_labels:
        for g in employee_groups.groups(ws, f, None):
            shown.append({
                "perspective": g.perspective, "quarter": g.quarter,
                "unit": g.unit.code if g.unit else None, "writers": g.writers,
                "texts": [redact(t.text) for t in g.texts],
            })  # fmt: skip
    return {
        "rows": [_row(e) for e in entries],
        "next_cursor": str(following) if following else None,
        "groups": shown,
        "threshold": employee_groups.threshold(ws),
    }
