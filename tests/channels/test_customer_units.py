"""The public Tell us page names branches, never the internal unit tree."""

from __future__ import annotations

import pytest

from servicegap.feedback.models import Feedback
from servicegap.people.models import Unit

TELL = "/r/acme/tell-us/"


@pytest.mark.django_db
def test_tell_us_offers_the_branches_and_hides_head_office_and_departments(client, workspace):
    service = Unit.objects.of(workspace).get(code="SERVICE")
    Unit.objects.create(
        workspace=workspace, code="SERVICE-PARTS", name="Harrogate Parts", parent=service
    )
    page = client.get(TELL).content.decode()
    assert '<option value="SALES">Sales</option>' in page
    assert '<option value="SERVICE">Service</option>' in page
    assert "Harrogate Parts" not in page and "SERVICE-PARTS" not in page
    assert "Head office" not in page

    refused = client.post(TELL, {"kind": "complaint", "text": "Slow", "unit": "SERVICE-PARTS"})
    assert refused.status_code == 422 and 'id="id_unit"' in refused.content.decode()
    assert "Select a valid choice" in refused.content.decode()
    assert not Feedback.objects.of(workspace).exists()
