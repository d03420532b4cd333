"""Where comments live: feedback, text answers and customers' messages on cases, read as
``Item``s for the engine. Labels are stored per item (``models.Enrichment``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from servicegap.cases.models import CaseEvent, EventKind
from servicegap.feedback.models import Feedback
from servicegap.surveys.models import Answer

FEEDBACK, ANSWER, MESSAGE = "feedback", "answer", "message"


@dataclass
class Item:
    """One comment: where it is (``source``, ``pk``), its text and its place."""

    source: str
    pk: int
    text: str
    submitted_at: datetime
    perspective: str
    unit_id: int | None
    touchpoint_id: int | None
    kind: str = ""  # the feedback's own kind (compliment, complaint, ...) when it is feedback
    response_id: int | None = None
    person_id: int | None = None
    contact: str = ""
    row: Any = None


def of_feedback(rows: Iterable[Feedback]) -> list[Item]:
    return [
        Item(FEEDBACK, f.pk, f.text, f.submitted_at, f.perspective, f.unit_id, f.touchpoint_id,
             kind=f.kind, person_id=f.person_id, contact=f.contact if f.consent else "", row=f)
        for f in rows if f.text.strip()
    ]  # fmt: skip


def of_answers(rows: Iterable[Answer]) -> list[Item]:
    found = []
    for a in rows:
        r = a.response
        found.append(Item(
            ANSWER, a.pk, a.value_text, r.submitted_at, r.perspective, r.unit_id, r.touchpoint_id,
            response_id=r.pk, person_id=r.respondent_id,
            contact=r.contact if r.contact_consent_at else "", row=a,
        ))  # fmt: skip
    return found


def of_messages(rows: Iterable[CaseEvent]) -> list[Item]:
    return [
        Item(MESSAGE, e.pk, e.text, e.at, "customer", e.case.unit_id, None, row=e)
        for e in rows if e.text.strip()
    ]  # fmt: skip


def answers(workspace: Any) -> Any:
    """Every non-empty text answer of the workspace, with its response."""
    return (
        Answer.objects.of(workspace)
        .filter(kind="text", response__workspace=workspace)
        .exclude(value_text="")
        .select_related("response")
    )


def messages(workspace: Any) -> Any:
    """Customers' messages on cases (what they wrote back), with the case."""
    return CaseEvent.objects.of(workspace).filter(kind=EventKind.CUSTOMER).select_related("case")


def load(workspace: Any, source: str, ids: list[int]) -> list[Item]:
    if source == FEEDBACK:
        return of_feedback(Feedback.objects.of(workspace).filter(pk__in=ids))
    if source == ANSWER:
        return of_answers(answers(workspace).filter(pk__in=ids))
    if source == "response":  # the ingest hook knows responses, not their answers' ids
        return of_answers(answers(workspace).filter(response_id__in=ids))
    return of_messages(messages(workspace).filter(pk__in=ids))


def pending(workspace: Any, limit: int) -> list[Item]:
    """Up to ``limit`` comments not enriched yet, of every source."""
    from servicegap.text.models import Enrichment

    done = Enrichment.objects.of(workspace)
    items = of_feedback(
        Feedback.objects.of(workspace)
        .exclude(pk__in=done.filter(feedback__isnull=False).values("feedback_id"))
        .order_by("pk")[:limit]
    )
    if len(items) < limit:
        rest = answers(workspace).exclude(
            pk__in=done.filter(answer__isnull=False).values("answer_id")
        )
        items += of_answers(rest.order_by("pk")[: limit - len(items)])
    if len(items) < limit:
        rest = messages(workspace).exclude(
            pk__in=done.filter(message__isnull=False).values("message_id")
        )
        items += of_messages(rest.order_by("pk")[: limit - len(items)])
    return items


def every(workspace: Any) -> list[Item]:
    """Every comment of the workspace (for ``servicegap text enrich --all``)."""
    return (
        of_feedback(Feedback.objects.of(workspace).order_by("pk"))
        + of_answers(answers(workspace).order_by("pk"))
        + of_messages(messages(workspace).order_by("pk"))
    )


def latest(workspace: Any, limit: int) -> list[Item]:
    """The latest ``limit`` feedback and text answers each (a refit labels these again)."""
    return of_feedback(Feedback.objects.of(workspace).order_by("-submitted_at", "-pk")[:limit]) + (
        of_answers(answers(workspace).order_by("-response__submitted_at", "-pk")[:limit])
    )
