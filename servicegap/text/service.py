"""The Django side of the text engine: build its context from the workspace, run it over a
batch of comments, store the labels, route what it found (docs/text.md).

The engine itself (``servicegap.text.pipeline``) is pure and imported lazily: the minilm backend
loads a model, so one ``Enricher`` is kept per workspace and context, and rebuilt when the
standards, roster or corrections change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from servicegap.journeys.models import Touchpoint
from servicegap.people.models import Person
from servicegap.standards.models import Standard
from servicegap.text.models import Correction, Enrichment, Fit, Tag
from servicegap.text.sources import ANSWER, FEEDBACK, MESSAGE, Item

BATCH = 500  # comments per engine call and per transaction
RELABEL = 1000  # a refit labels again this many of the latest feedback and of the latest answers
LABELS = ("sentiment", "kind", "dimension")
_ENRICHERS: dict[int, tuple[str, Any]] = {}  # workspace id -> (context fingerprint, Enricher)


def context_of(workspace: Any) -> Any:
    """What the engine matches against: the workspace's standards (title and behaviours), its
    touchpoints, its employees' names, the themes already named, the corrections."""
    from servicegap.text.pipeline import Context

    standards = [
        (s.code, " ".join([s.title, *[str(b) for b in s.behaviours or []]]))
        for s in Standard.objects.of(workspace).filter(retired=False).order_by("code")
    ]
    touchpoints = [(t.code, t.name) for t in Touchpoint.objects.of(workspace).order_by("code")]
    roster = [
        (p.code, p.name)
        for p in Person.objects.of(workspace).filter(kind="employee").exclude(name="")
        .order_by("code")
    ]  # fmt: skip
    themes = sorted(
        set(Tag.objects.of(workspace).filter(field="theme").values_list("value", flat=True))
    )
    corrections = [
        (c.text, c.field, c.label) for c in Correction.objects.of(workspace).order_by("at", "pk")
    ]
    return Context(
        standards=standards, touchpoints=touchpoints, roster=roster, themes=themes,
        corrections=corrections,
    )  # fmt: skip


def enricher_of(workspace: Any) -> Any:
    """The workspace's engine, refitted when its context changed since the last call."""
    from servicegap.text.pipeline import Enricher

    context = context_of(workspace)
    mark = hashlib.sha256(
        json.dumps([context.standards, context.touchpoints, context.roster, context.corrections],
                   default=str).encode()
    ).hexdigest()  # fmt: skip
    kept = _ENRICHERS.get(workspace.pk)
    if kept is None or kept[0] != mark:
        kept = (mark, Enricher(context))
        _ENRICHERS[workspace.pk] = kept
    return kept[1]


def _tags(workspace: Any, e: Enrichment) -> list[Tag]:
    values = [("theme", v) for v in e.themes] + [("standard", v) for v in e.standards]
    values += [("mention", v) for v in e.mentions]
    return [Tag(workspace=workspace, enrichment=e, field=f, value=str(v)[:200]) for f, v in values]


def _link(item: Item) -> dict[str, int]:
    return {
        {FEEDBACK: "feedback_id", ANSWER: "answer_id", MESSAGE: "message_id"}[item.source]: item.pk
    }


def store(workspace: Any, items: Sequence[Item], labels: Sequence[dict], backend: str) -> None:
    """Write (or rewrite) the labels of ``items``; labels a person corrected stay theirs."""
    now = timezone.now()
    found: dict[tuple[str, int], Enrichment] = {}
    for source, field in (
        (FEEDBACK, "feedback_id"),
        (ANSWER, "answer_id"),
        (MESSAGE, "message_id"),
    ):
        ids = [i.pk for i in items if i.source == source]
        if ids:
            for e in Enrichment.objects.of(workspace).filter(**{f"{field}__in": ids}):
                found[(source, getattr(e, field))] = e
    new: list[Enrichment] = []
    old: list[Enrichment] = []
    for item, got in zip(items, labels, strict=True):
        e = found.get((item.source, item.pk)) or Enrichment(workspace=workspace, **_link(item))
        values = {
            "sentiment": got["sentiment"], "score": float(got["score"]), "kind": got["kind"],
            "dimension": got["dimension"], "standards": list(got["standards"]),
            "touchpoint": got["touchpoint"] or "", "mentions": list(got["mentions"]),
            "themes": list(got["themes"]),
        }  # fmt: skip
        for name, value in values.items():
            if name not in (e.corrected or []):
                setattr(e, name, value)
        e.submitted_at, e.backend, e.enriched_at = item.submitted_at, backend, now
        (old if e.pk else new).append(e)
    with transaction.atomic():
        Enrichment.objects.bulk_create(new)
        if old:
            Enrichment.objects.bulk_update(
                old,
                ["sentiment", "score", "kind", "dimension", "standards", "touchpoint", "mentions",
                 "themes", "submitted_at", "backend", "enriched_at"],
            )  # fmt: skip
            Tag.objects.of(workspace).filter(enrichment__in=old).delete()
        Tag.objects.bulk_create([t for e in new + old for t in _tags(workspace, e)])


def enrich(
    workspace: Any,
    items: Sequence[Item],
    *,
    route: bool = False,
    live: bool = False,
    cases_since: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    batch: int = BATCH,
) -> int:
    """Label ``items`` in batches and store the labels. With ``route``, make the recognitions
    the labels call for and, for ``live`` input, the cases (``servicegap.text.routing``).
    Returns how many were labelled."""
    from servicegap.text import routing

    if not items:
        return 0
    engine = enricher_of(workspace)
    done = 0
    for start in range(0, len(items), batch):
        chunk = list(items[start : start + batch])
        labels = engine.enrich([i.text for i in chunk])
        store(workspace, chunk, labels, engine.backend)
        if route:
            by_item = dict(zip([(i.source, i.pk) for i in chunk], labels, strict=True))
            routing.route(workspace, chunk, by_item, cases=live, cases_since=cases_since)
        done += len(chunk)
        if progress is not None:
            progress(len(chunk))
    return done


def correct(
    workspace: Any, enrichment: Enrichment, field: str, label: str, text: str, by: Any
) -> Correction:
    """A person's label: set on the comment at once, kept as a training example."""
    if field not in LABELS:
        raise ValueError(field)
    with transaction.atomic():
        setattr(enrichment, field, label)
        enrichment.corrected = sorted({*(enrichment.corrected or []), field})
        enrichment.save(update_fields=[field, "corrected"])
        return Correction.objects.create(
            workspace=workspace, enrichment=enrichment, text=text, field=field, label=label, by=by
        )


def refit(workspace: Any) -> Fit:
    """Refit the workspace's model on its corrections and record its held-out accuracy."""
    from servicegap.text.pipeline import holdout_accuracy

    engine = enricher_of(workspace)
    corrections = [
        (c.text, c.field, c.label) for c in Correction.objects.of(workspace).order_by("at", "pk")
    ]
    accuracy = holdout_accuracy(corrections) if corrections else {}
    fit, _ = Fit.objects.update_or_create(
        workspace=workspace,
        defaults={"backend": engine.backend, "corrections": len(corrections),
                  "accuracy": accuracy, "fitted_at": timezone.now()},
    )  # fmt: skip
    return fit
