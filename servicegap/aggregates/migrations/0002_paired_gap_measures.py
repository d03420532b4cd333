# The gaps report now separates the gap against the respondent's own expectation from the gap
# against the standard's target (new cell measures pair_expect, pair_experience, target_gap; the
# gap measure no longer falls back to the target). Cells written before hold the old measures:
# mark every workspace's cells stale, so reports scan the answers until the worker (or
# `servicegap aggregates rebuild`) has rebuilt them. No schema change.

from django.db import migrations


def mark_stale(apps, schema_editor):
    Workspace = apps.get_model("core", "Workspace")
    CellState = apps.get_model("aggregates", "CellState")
    for ws in Workspace.objects.all():
        CellState.objects.update_or_create(workspace=ws, defaults={"stale": True})


class Migration(migrations.Migration):
    dependencies = [
        ("aggregates", "0001_initial"),
    ]

    operations = [migrations.RunPython(mark_stale, migrations.RunPython.noop)]
