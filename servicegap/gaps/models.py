"""The report aggregates: additive sums per slice, kept up to date in the ingest transaction.

See ``servicegap.lib.cells`` for what a cell holds and ``servicegap.gaps.cells`` for how they are
written, read and rebuilt.
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
    """

    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()
    perspective = models.CharField(max_length=16)
    unit = models.IntegerField(default=0)
    touchpoint = models.IntegerField(default=0)
    item = models.CharField(max_length=CODE_MAX, blank=True)
    measure = models.CharField(max_length=16)
    n = models.BigIntegerField(default=0)
    s1 = models.FloatField(default=0.0)
    s2 = models.FloatField(default=0.0)
    c1 = models.BigIntegerField(default=0)
    c2 = models.BigIntegerField(default=0)
    c3 = models.BigIntegerField(default=0)
    anon = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "workspace", "grain", "perspective", "measure", "day", "unit", "touchpoint",
                    "item",
                ],
                name="cell_key",
            ),
        ]  # fmt: skip


class CellState(WorkspaceScoped):
    """Whether a workspace's cells can be read. They go stale when something they were computed
    with changes (the workspace's scale or time zone); reports then scan the answers until the
    worker (or ``servicegap aggregates rebuild``) has rebuilt them."""

    stale = models.BooleanField(default=False)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace"], name="cellstate_workspace_unique"),
        ]
