"""Build the demo workspace: ``build_demo(seed=7, answers=None, end=None)``.

Deterministic: the same seed, size and end date give the same rows (row-creation timestamps and
passwords aside). Three independent random streams are spawned from the seed, so the people and
the rows beside the responses do not change with the number of answers.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.apps import apps
from django.db import connection, transaction

from servicegap.aggregates import cells
from servicegap.core.models import AuditEntry, Workspace
from servicegap.demo import DEMO_SLUG, extras, simulate, story, structure
from servicegap.demo.population import Timeline, draw_population
from servicegap.demo.writer import Writer

CHUNK = 20_000  # responses per transaction
STARTED, FINISHED = "demo.build.started", "demo.build.finished"


@dataclass
class DemoResult:
    workspace: Workspace
    responses: int
    answers: int
    seconds: float


def plan(answers: int | None = None, responses: int | None = None) -> int:
    """How many responses to draw for about ``answers`` answers (default: the story's size)."""
    if answers is not None:
        return max(1, round(answers / simulate.answers_per_response()))
    return responses if responses is not None else story.DEFAULT_RESPONSES


def state(slug: str = DEMO_SLUG) -> str:
    """'absent', 'built', 'incomplete' (an interrupted build) or 'foreign' (not made by us)."""
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        return "absent"
    actions = set(AuditEntry.objects.of(workspace).values_list("action", flat=True))
    if FINISHED in actions:
        return "built"
    return "incomplete" if STARTED in actions else "foreign"


@transaction.atomic
def discard(slug: str = DEMO_SLUG) -> None:
    """Delete an interrupted demo build: every workspace row, table by table (constraints are
    checked at commit, so the order does not matter)."""
    workspace = Workspace.objects.get(slug=slug)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in apps.get_models():
            fields = {f.name: f for f in model._meta.concrete_fields}
            field = fields.get("workspace")
            if field is None or field.related_model is not Workspace:
                continue
            table, column = quote(model._meta.db_table), quote(str(field.column))
            cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [workspace.pk])  # noqa: S608
    workspace.delete()


def build_demo(
    *,
    seed: int = 7,
    answers: int | None = None,
    responses: int | None = None,
    end: dt.date | None = None,
    slug: str = DEMO_SLUG,
    progress: Callable[[int], None] | None = None,
) -> DemoResult:
    """Create the demo workspace ``slug`` with about ``answers`` answers (or ``responses``
    responses) over the 365 days before ``end`` (default: today, UTC)."""
    began = time.perf_counter()
    end = end or dt.datetime.now(dt.UTC).date()
    total = plan(answers, responses)
    people_rng, response_rng, extra_rng = np.random.default_rng(seed).spawn(3)
    pop = draw_population(people_rng)
    timeline = Timeline(end)
    with transaction.atomic():
        workspace = Workspace.objects.create(slug=slug, **story.WORKSPACE)
        detail = {"seed": seed, "responses": total, "end": end.isoformat()}
        AuditEntry.objects.create(workspace=workspace, actor="demo", action=STARTED, detail=detail)
        world, refs = structure.create(workspace, pop, timeline)
    writer = Writer(workspace.pk)
    for first in range(0, total, CHUNK):
        written = writer.write(simulate.chunk(response_rng, world, min(CHUNK, total - first)))
        if progress:
            progress(written)
    with transaction.atomic():
        extras.create(extra_rng, world, workspace, refs)
        detail |= {"answers": writer.answers}
        AuditEntry.objects.create(workspace=workspace, actor="demo", action=FINISHED, detail=detail)
    cells.rebuild(workspace)  # the answers went in as bulk rows, past the ingest contract
    with connection.cursor() as cursor:
        # Fresh statistics after a bulk load, so the first report is not planned on empty tables.
        cursor.execute("ANALYZE")
    return DemoResult(workspace, writer.responses, writer.answers, time.perf_counter() - began)
