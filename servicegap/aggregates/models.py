"""The report aggregates: additive sums per slice, kept up to date in the ingest transaction.

See ``servicegap.lib.cells`` for what a cell holds and ``servicegap.aggregates.cells`` for how they
are written, read and rebuilt. The tables keep the names they had in the gaps app (``gaps_cell``,
…): the models moved, the data did not.
"""

from __future__ import annotations

from django.db import models

from servicegap.core.models import CODE_MAX
from servicegap.core.tenancy import WorkspaceScoped


class Grain(models.TextChoices):
    DAY = "d", "day"
    MONTH = "m", "month"


class Cell(WorkspaceScoped):
    """Sums of one measure for one (grain, day, perspective, unit, touchpoint, item).

    ``day`` is the response's date in the workspace's time zone (the first of the month for the
    month grain). ``unit`` and ``touchpoint`` are ids with 0 for none, not foreign keys: NULL would
    make every row distinct in the unique key the upsert relies on.

    ``slot`` spreads concurrent writers over several rows of the same slice on PostgreSQL (each
    transaction picks one at random), so ingest does not queue on one hot row per day; readers
    sum over slots, and an hourly job folds them back into slot 0. SQLite has one writer at a
    time and always uses slot 0.
    """

    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()
    perspective = models.CharField(max_length=16)
    unit = models.IntegerField(default=0)
    touchpoint = models.IntegerField(default=0)
    item = models.CharField(max_length=CODE_MAX, blank=True)
    measure = models.CharField(max_length=16)
    slot = models.SmallIntegerField(default=0)
    n = models.BigIntegerField(default=0)
    s1 = models.FloatField(default=0.0)
    s2 = models.FloatField(default=0.0)
    c1 = models.BigIntegerField(default=0)
    c2 = models.BigIntegerField(default=0)
    c3 = models.BigIntegerField(default=0)
    anon = models.BigIntegerField(default=0)

    class Meta:
        db_table = "gaps_cell"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "workspace", "grain", "perspective", "measure", "day", "unit", "touchpoint",
                    "item", "slot",
                ],
                name="cell_key",
            ),
        ]  # fmt: skip


class Presence(WorkspaceScoped):
    """Who answered, per month, for the anonymity threshold of employee, leader and internal data
    (which are sliced only by unit and whole calendar periods, so a month is fine enough).

    One row per respondent (``respondent`` = the person's id); responses without a respondent
    each count as one, so they share the row with ``respondent`` = 0 and are counted in
    ``responses``. ``family`` says what the response answered (``servicegap.lib.cells.families``).
    """

    month = models.DateField()
    perspective = models.CharField(max_length=16)
    unit = models.IntegerField(default=0)
    item = models.CharField(max_length=CODE_MAX, blank=True)
    family = models.CharField(max_length=16)
    respondent = models.IntegerField(default=0)
    slot = models.SmallIntegerField(default=0)
    responses = models.BigIntegerField(default=0)

    class Meta:
        db_table = "gaps_presence"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "workspace", "perspective", "family", "month", "unit", "item", "respondent",
                    "slot",
                ],
                name="presence_key",
            ),
        ]  # fmt: skip


class CellState(WorkspaceScoped):
    """Whether a workspace's cells can be read. They go stale when something they were computed
    with changes (the workspace's scale or time zone); reports then scan the answers until the
    worker (or ``servicegap aggregates rebuild``) has rebuilt them."""

    stale = models.BooleanField(default=False)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "gaps_cellstate"
        constraints = [
            models.UniqueConstraint(fields=["workspace"], name="cellstate_workspace_unique"),
        ]
