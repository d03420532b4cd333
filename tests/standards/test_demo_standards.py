"""The demo's standard written in the app and retired (servicegap/demo/standards_edit.py)."""

from __future__ import annotations

import pytest

from servicegap.core.models import AuditEntry
from servicegap.demo import standards_edit
from servicegap.standards.models import Standard

pytestmark = pytest.mark.django_db


def test_the_demo_standard_has_two_versions_is_retired_and_audited(
    workspace, users, standards, login
):
    standards_edit.create(None, None, workspace, {"users": users})
    s = Standard.objects.get(workspace=workspace, code=standards_edit.RETIRED_CODE)
    assert s.retired and s.version == 2
    assert list(s.versions.values_list("behaviours", flat=True)) == [
        ["A paper of today on every table", "Offered, not only laid out"],
        ["A paper of today on every table"],
    ]
    actions = AuditEntry.objects.filter(workspace=workspace, detail__code=s.code)
    assert sorted(actions.values_list("action", flat=True)) == [
        "standard.create", "standard.retire", "standard.update",
    ]  # fmt: skip
    assert set(actions.values_list("actor", flat=True)) == {"leader@acme.test"}
    listing = login("owner").get("/w/acme/standards/").content.decode()
    assert listing.index("Retired standards") < listing.index("today&#x27;s newspaper")
