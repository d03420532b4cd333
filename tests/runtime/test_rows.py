"""runtime.rows: instances read by hand-written SQL equal the ORM's, field by field."""

from __future__ import annotations

import pytest

from servicegap.accounts.models import ApiKey
from servicegap.api.middleware import find_key


def same_fields(a, b) -> None:
    assert type(a) is type(b)
    for field in type(a)._meta.concrete_fields:
        mine, orms = getattr(a, field.attname), getattr(b, field.attname)
        assert mine == orms and type(mine) is type(orms), field.name


@pytest.mark.django_db
def test_the_key_and_its_workspace_are_what_the_orm_reads(workspace):
    workspace.time_zone = "Europe/Berlin"
    workspace.save()
    key, secret = ApiKey.issue(workspace, ["ingest", "read"], name="shop")
    found = find_key(f"Bearer {secret}")
    assert found is not None
    orm = ApiKey.objects.select_related("workspace").get(pk=key.pk)
    same_fields(found, orm)  # JSON scopes, aware datetimes, the workspace's own fields
    same_fields(found.workspace, orm.workspace)
    assert found.scopes == ["ingest", "read"] and found.created_at.tzinfo is not None
    assert not found._state.adding and found._state.db == "default"


@pytest.mark.django_db
def test_a_revoked_or_unknown_key_is_not_found(workspace):
    key, secret = ApiKey.issue(workspace, ["read"])
    assert find_key("Bearer not-a-key") is None
    assert find_key(f"Basic {secret}") is None
    key.revoke()
    assert find_key(f"Bearer {secret}") is None
