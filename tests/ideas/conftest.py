"""A journey of three steps for the ideas tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def journey(workspace):
    from servicegap.journeys.models import Journey, Touchpoint

    j = Journey.objects.create(workspace=workspace, code="BUY", name="Buying a car")
    for step, (code, name) in enumerate(
        [("VISIT", "Showroom visit"), ("CALL", "Follow-up call"), ("HANDOVER", "Handover")],
        start=1,
    ):
        Touchpoint.objects.create(workspace=workspace, journey=j, code=code, name=name, step=step)
    return j
