"""The comment explorer's queries, shared by the feedback inbox and ``GET /api/v1/comments``:
the text filters (theme, sentiment, kind as the engine read it, standard and touchpoint it
matched), the labels and highlights of a page's entries, the themes' trend by month."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from servicegap.journeys.models import Touchpoint
from servicegap.people.models import Person
from servicegap.standards.models import Standard
from servicegap.text import marks
from servicegap.text.models import Enrichment, Tag
from servicegap.text.show import redact

SENTIMENTS = ("negative", "neutral", "positive")
KINDS = ("compliment", "complaint", "suggestion", "question")
DIMENSIONS = ("people", "process", "product")
MONTHS = 6  # the trend's months, the current one included
BACKENDS = {
    "minilm": "sentence-embedding model (all-MiniLM-L6-v2, offline)",
    "lexicon": "word-list fallback (the text extra is not installed)",
}


def _labelled(workspace: Any, link: str) -> QuerySet:
    """The enrichment of the row the outer query is on: ``link`` is feedback or answer."""
    return Enrichment.objects.of(workspace).filter(**{link: OuterRef("pk")})


def narrow(query: QuerySet, workspace: Any, f: Any, link: str) -> QuerySet:
    """Rows whose labels pass ``f``'s text filters (none set: ``query`` as it was)."""
    labelled = _labelled(workspace, link)
    if f.sentiment:
        query = query.filter(Exists(labelled.filter(sentiment=f.sentiment)))
    if f.reads_as:
        query = query.filter(Exists(labelled.filter(kind=f.reads_as)))
    if f.theme:
        tags = Tag.objects.of(workspace).filter(field="theme", value=f.theme)
        query = query.filter(Exists(labelled.filter(pk__in=tags.values("enrichment_id"))))
    return query


def about_standard(workspace: Any, standard: Any, link: str) -> Q:
    """Rows the engine matched to ``standard`` (the inbox ORs it with the stated standard)."""
    tags = Tag.objects.of(workspace).filter(field="standard", value=standard.code)
    return Q(Exists(_labelled(workspace, link).filter(pk__in=tags.values("enrichment_id"))))


def at_touchpoint(workspace: Any, touchpoint: Any, link: str) -> Q:
    return Q(Exists(_labelled(workspace, link).filter(touchpoint=touchpoint.code)))


def attach(workspace: Any, entries: list[Any]) -> None:
    """Give each entry its labels (``enrichment``, None until the worker got to it), its text
    as shown (redacted) and the highlighted pieces of it (``segments``). Two or three queries."""
    fids = [e.pk for e in entries if e.response_id is None]
    aids = [e.pk for e in entries if e.response_id is not None]
    found = Enrichment.objects.of(workspace).filter(Q(feedback_id__in=fids) | Q(answer_id__in=aids))
    by_feedback = {x.feedback_id: x for x in found if x.feedback_id}
    by_answer = {x.answer_id: x for x in found if x.answer_id}
    codes = {c for x in by_feedback.values() for c in x.mentions}
    codes |= {c for x in by_answer.values() for c in x.mentions}
    names = dict(Person.objects.of(workspace).filter(code__in=codes).values_list("code", "name"))
    labelled = [*by_feedback.values(), *by_answer.values()]
    titles = dict(
        Standard.objects.of(workspace)
        .filter(code__in={c for x in labelled for c in x.standards})
        .values_list("code", "title")
    )
    places = dict(
        Touchpoint.objects.of(workspace)
        .filter(code__in={x.touchpoint for x in labelled} - {""})
        .values_list("code", "name")
    )
    for e in entries:
        x = by_answer.get(e.pk) if e.response_id is not None else by_feedback.get(e.pk)
        e.enrichment = x
        e.shown = redact(e.text)
        e.mentioned = [names.get(c) or c for c in (x.mentions if x else [])]
        # The names beside the codes the engine matched (a code alone says little).
        e.about = [(c, titles.get(c, "")) for c in (x.standards if x else [])]
        e.at = places.get(x.touchpoint, "") if x and x.touchpoint else ""
        e.segments = marks.segments(
            e.shown, marks.words_of([*(x.themes if x else []), *e.mentioned])
        )


def trend(workspace: Any, f: Any) -> tuple[list[str], list[marks.Trend]]:
    """The months and the top themes' monthly shares among customers' labelled comments in the
    member's units (the last ``MONTHS`` months, in the workspace's time zone)."""
    zone = ZoneInfo(workspace.time_zone)
    today = timezone.now().astimezone(zone).date().replace(day=1)
    months = []
    day = today
    for _ in range(MONTHS):
        months.append(day.strftime("%Y-%m"))
        day = (day - timedelta(days=1)).replace(day=1)
    months.reverse()
    start = datetime.fromisoformat(months[0] + "-01").replace(tzinfo=zone)
    rows = (
        Enrichment.objects.of(workspace)
        .filter(submitted_at__gte=start)
        .filter(Q(feedback__perspective="customer") | Q(answer__response__perspective="customer"))
    )
    if f.units is not None:
        rows = rows.filter(
            Q(feedback__unit_id__in=f.units) | Q(answer__response__unit_id__in=f.units)
        )
    found = [
        (at.astimezone(zone).strftime("%Y-%m"), themes)
        for at, themes in rows.values_list("submitted_at", "themes")
    ]
    return months, marks.trends(found, months)


def themes(workspace: Any) -> list[str]:
    """Every theme label the engine gave the workspace's comments, A to Z."""
    values = Tag.objects.of(workspace).filter(field="theme").values_list("value", flat=True)
    return sorted(set(values))


def summary(workspace: Any, f: Any) -> dict[str, Any]:
    """What the inbox shows above its entries: which backend labels, the themes' trend."""
    from servicegap.text.models import Fit

    months, trends = trend(workspace, f)
    fit = Fit.objects.of(workspace).first()
    last = Enrichment.objects.of(workspace).order_by("-enriched_at").first()
    backend = fit.backend if fit else (last.backend if last else "")
    return {
        "months": months, "trends": trends, "fit": fit, "backend": backend,
        "backend_name": BACKENDS.get(backend, backend),
    }  # fmt: skip


def correcting(back: str) -> dict[str, Any]:
    """What the labels' correction form needs (``text/_labels.html``)."""
    return {
        "may_correct": True, "back": back, "sentiments": SENTIMENTS, "kinds": KINDS,
        "dimensions": DIMENSIONS,
    }  # fmt: skip


def mention_names(workspace: Any, codes: list[str]) -> list[str]:
    names = dict(Person.objects.of(workspace).filter(code__in=codes).values_list("code", "name"))
    return [names.get(c) or c for c in codes]


class _NoFilters:
    units = None


NO_FILTERS = _NoFilters()


def names_of(workspace: Any, x: Enrichment) -> dict[str, Any]:
    """One comment's matched standards (code, title) and touchpoint name, for its labels."""
    titles = dict(
        Standard.objects.of(workspace).filter(code__in=x.standards).values_list("code", "title")
    )
    place = (
        Touchpoint.objects.of(workspace).filter(code=x.touchpoint).first() if x.touchpoint else None
    )
    return {
        "about": [(c, titles.get(c, "")) for c in x.standards],
        "at": place.name if place else "",
        "mentioned": mention_names(workspace, x.mentions),
    }
