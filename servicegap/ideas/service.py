"""Ideas: submitting one (signed-in members and brainstorm participants), voting, moving its
status (audited), the board's query, and brainstorm sessions (docs/ideas.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from servicegap.core.audit import record
from servicegap.core.models import Workspace
from servicegap.feedback.models import Feedback, FeedbackKind, IdeaFlavour
from servicegap.ideas import ranking
from servicegap.ideas.models import Brainstorm, BrainstormIdea, Vote
from servicegap.journeys.models import Journey, Touchpoint
from servicegap.lib.errors import FieldError

TEXT_MAX = 2000
STAFF_PERSPECTIVE = "employee"  # members speak as staff; customers come through Tell us


def ideas(ws: Workspace) -> QuerySet[Feedback]:
    return Feedback.objects.of(ws).filter(kind=FeedbackKind.IDEA)


def submit(
    ws: Workspace,
    membership: Any,
    text: str,
    touchpoint: Touchpoint | None,
    flavour: str,
    signed: bool,
    channel: str = "ideas-board",
) -> Feedback:
    """A member's idea. It keeps the member's person record (for their export and erasure) but
    no unit: an employee's idea is shown without anything that narrows down who wrote it,
    unless they signed it."""
    text = (text or "").strip()
    if not text:
        raise FieldError("text", "write the idea")
    if len(text) > TEXT_MAX:
        raise FieldError("text", f"at most {TEXT_MAX} characters")
    if flavour and flavour not in IdeaFlavour.values:
        raise FieldError("flavour", f"must be one of {', '.join(IdeaFlavour.values)}")
    if touchpoint is not None and touchpoint.workspace_id != ws.pk:
        raise FieldError("touchpoint", "no such journey step in this workspace")
    person = membership.person if membership.person_id else None
    return Feedback.objects.create(
        workspace=ws,
        kind=FeedbackKind.IDEA,
        text=text,
        submitted_at=timezone.now(),
        perspective=STAFF_PERSPECTIVE,
        person=person if person is not None and person.workspace_id == ws.pk else None,
        touchpoint=touchpoint,
        flavour=flavour,
        signed=signed,
        channel=channel,
    )


def vote(ws: Workspace, idea: Feedback, user: Any, on: bool) -> bool:
    """Cast (``on``) or take back the member's vote; returns whether they now vote for it. A
    second vote is no error: the member already votes, and the unique key keeps it one."""
    if on:
        try:
            with transaction.atomic():
                Vote.objects.get_or_create(workspace=ws, idea=idea, user=user)
        except IntegrityError:  # the same member voting twice at the same instant
            pass
        return True
    Vote.objects.of(ws).filter(idea=idea, user=user).delete()
    return False


def set_status(ws: Workspace, idea: Feedback, target: str, user: Any) -> None:
    problem = ranking.status_problem(idea.idea_status, target)
    if problem:
        raise FieldError("status", problem.removeprefix("status: "))
    before = idea.idea_status
    with transaction.atomic():
        idea.idea_status = target
        idea.save(update_fields=["idea_status"])
        record(ws, user, "idea.status", idea=idea.pk, status=target, before=before)


@dataclass
class Filters:
    touchpoint: str = ""  # a touchpoint code
    flavour: str = ""
    status: str = ""
    sort: str = "votes"


@dataclass
class Card:
    idea: Feedback
    votes: int
    mine: bool  # the viewer votes for it
    author: str  # "" when anonymous
    actions: list[Any] = field(default_factory=list)


def author_of(idea: Feedback) -> str:
    """The name shown with an idea: only a signed staff idea shows one."""
    if not idea.signed or idea.person is None:
        return ""
    return idea.person.name or idea.person.code


def board(ws: Workspace, user: Any, filters: Filters) -> list[Card]:
    query = ideas(ws).select_related("touchpoint__journey", "person")
    if filters.touchpoint:
        query = query.filter(touchpoint__code=filters.touchpoint)
    if filters.flavour:
        query = query.filter(flavour=filters.flavour)
    if filters.status:
        query = query.filter(idea_status=filters.status)
    query = query.annotate(
        vote_count=Count("votes", distinct=True),
        voted=Exists(Vote.objects.filter(idea=OuterRef("pk"), user=user)),
    )
    found = {f.pk: f for f in query}
    ranked = [
        ranking.Ranked(f.pk, f.vote_count, f.submitted_at)  # type: ignore[attr-defined]
        for f in found.values()
    ]
    cards = [
        Card(found[pk], found[pk].vote_count, found[pk].voted, author_of(found[pk]))  # type: ignore[attr-defined]
        for pk in ranking.order(ranked, filters.sort)
    ]
    _attach_actions(ws, cards)
    return cards


def card(ws: Workspace, user: Any, idea: Feedback) -> Card:
    votes = Vote.objects.of(ws).filter(idea=idea)
    made = Card(idea, votes.count(), votes.filter(user=user).exists(), author_of(idea))
    _attach_actions(ws, [made])
    return made


def _attach_actions(ws: Workspace, cards: list[Card]) -> None:
    """The improvement actions made from each idea (``Action.idea``), when actions are installed."""
    from django.apps import apps

    if not cards or not apps.is_installed("servicegap.actions"):
        return
    model = apps.get_model("actions", "Action")
    by_idea = {c.idea.pk: c for c in cards}
    for action in model.objects.of(ws).filter(idea_id__in=list(by_idea)).order_by("code"):
        if action.idea_id in by_idea:
            by_idea[action.idea_id].actions.append(action)


# --- brainstorms ------------------------------------------------------------------------------


def steps(journey: Journey) -> list[Touchpoint]:
    return list(
        Touchpoint.objects.of(journey.workspace_id).filter(journey=journey).order_by("step")
    )


def start(ws: Workspace, journey: Journey, user: Any) -> Brainstorm:
    walk = steps(journey)
    if not walk:
        raise FieldError("journey", "this journey has no steps to walk yet")
    taken = set(Brainstorm.objects.of(ws).values_list("code", flat=True))
    session = Brainstorm.objects.create(
        workspace=ws, code=ranking.new_code(taken), journey=journey, facilitator=user,
        step=walk[0].step,
    )  # fmt: skip
    record(ws, user, "brainstorm.start", code=session.code, journey=journey.code)
    return session


def current(session: Brainstorm) -> Touchpoint | None:
    return (
        Touchpoint.objects.of(session.workspace_id)
        .filter(journey_id=session.journey_id, step=session.step)
        .first()
    )


def move(session: Brainstorm, direction: str) -> None:
    if direction not in ("next", "previous"):
        raise FieldError("direction", "must be next or previous")
    if session.ended_at is not None:
        raise FieldError("", "this brainstorm has ended")
    walk = [t.step for t in steps(session.journey)]
    session.step = ranking.moved(walk, session.step, direction)
    session.save(update_fields=["step"])


def end(session: Brainstorm, user: Any) -> None:
    if session.ended_at is None:
        session.ended_at = timezone.now()
        session.save(update_fields=["ended_at"])
        ideas_n = session.ideas.count()  # type: ignore[attr-defined]
        record(session.workspace, user, "brainstorm.end", code=session.code, ideas=ideas_n)


def contribute(session: Brainstorm, membership: Any, text: str, flavour: str) -> Feedback:
    """An idea for the step the session shows now, noted with the session."""
    if session.ended_at is not None:
        raise FieldError("", "this brainstorm has ended")
    ws = session.workspace
    with transaction.atomic():
        idea = submit(ws, membership, text, current(session), flavour, False, "brainstorm")
        BrainstormIdea.objects.create(workspace=ws, brainstorm=session, idea=idea)
    return idea


def session_ideas(session: Brainstorm, touchpoint: Touchpoint | None) -> list[Feedback]:
    query = ideas(session.workspace).filter(brainstorm_link__brainstorm=session)
    query = query.filter(touchpoint=touchpoint) if touchpoint else query.filter(touchpoint=None)
    return list(query.order_by("-submitted_at", "-pk")[:200])
