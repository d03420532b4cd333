"""runtime.bulk: new instances built the fast way are the instances the ORM builds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db.models import signals

from servicegap.people.models import Unit
from servicegap.runtime.bulk import new_instance
from servicegap.surveys.models import Response


@pytest.mark.django_db
def test_new_instance_equals_the_keyword_constructor(workspace, django_assert_num_queries):
    unit = Unit.objects.create(workspace=workspace, code="BULK", name="Bulk")
    values = {
        "workspace": workspace, "submitted_at": datetime(2026, 3, 1, 10, tzinfo=UTC),
        "time_zone": "Europe/Berlin", "perspective": "customer", "unit": unit, "supplier": None,
        "touchpoint": None, "survey": None, "survey_version": None, "scale_max": 7,
        "external_id": "r1",
    }  # fmt: skip
    fast, orm = new_instance(Response, **values), Response(**values)
    for field in Response._meta.concrete_fields:
        assert getattr(fast, field.attname) == getattr(orm, field.attname), field.name
    with django_assert_num_queries(0):  # related objects are cached as assignment caches them
        assert fast.unit is unit and fast.workspace is workspace and fast.supplier is None
    assert fast._state.adding and fast.pk is None
    assert set(vars(fast)) == set(vars(orm))  # nothing deferred: no attribute loads lazily
    fast.save()  # an ordinary instance for the ORM
    stored = Response.objects.get(pk=fast.pk)
    assert (stored.unit_id, stored.external_id, stored.time_zone) == (
        unit.pk,
        "r1",
        "Europe/Berlin",
    )
    by_id = new_instance(Response, workspace_id=workspace.pk, perspective="employee", scale_max=5)
    assert (by_id.workspace_id, by_id.perspective, by_id.contact) == (workspace.pk, "employee", "")


def test_new_instance_runs_init_signals_when_someone_listens(workspace):
    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance)

    signals.post_init.connect(listener, sender=Response)
    try:
        made = new_instance(Response, workspace=workspace, perspective="customer", scale_max=7)
    finally:
        signals.post_init.disconnect(listener, sender=Response)
    assert seen == [made]


def test_new_instance_refuses_an_unknown_field():
    with pytest.raises(TypeError, match="no field colour"):
        new_instance(Response, colour="red")


@pytest.mark.django_db
def test_single_and_bulk_inserts_take_distinct_ids_in_order(workspace):
    """One object takes the id the database gives it, many reserve theirs: mixed, they never
    collide, and every object's pk is its row's."""
    from servicegap.runtime.bulk import insert_objects

    def made(n: int) -> list[Response]:
        return [
            new_instance(Response, workspace=workspace, perspective="customer", scale_max=7,
                         submitted_at=datetime(2026, 3, 1, tzinfo=UTC), external_id=f"x{n}-{i}")
            for i in range(n)
        ]  # fmt: skip

    batches = [made(1), made(3), made(1), made(60), made(2)]  # 60: COPY on PostgreSQL
    for batch in batches:
        insert_objects(Response, batch)
    pks = [r.pk for batch in batches for r in batch]
    assert pks == sorted(pks) and len(set(pks)) == len(pks)
    stored = dict(Response.objects.of(workspace).values_list("pk", "external_id"))
    assert all(stored[r.pk] == r.external_id for batch in batches for r in batch)
