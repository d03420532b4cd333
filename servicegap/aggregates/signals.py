"""Cells are computed on the workspace's scale and dated in its time zone: changing either makes
them stale (reports scan until the worker has rebuilt them)."""

from __future__ import annotations

from django.db.models.signals import pre_save
from django.dispatch import receiver

from servicegap.aggregates import cells
from servicegap.core.models import Workspace


@receiver(pre_save, sender=Workspace)
def _stale_on_scale_or_zone(sender, instance: Workspace, raw: bool = False, **_: object) -> None:
    if raw or instance.pk is None:
        return
    before = Workspace.objects.filter(pk=instance.pk).values("scale_max", "time_zone").first()
    if before is None:
        return
    if (before["scale_max"], before["time_zone"]) != (instance.scale_max, instance.time_zone):
        cells.mark_stale(instance)
