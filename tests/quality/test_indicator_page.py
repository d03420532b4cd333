"""The Indicators page: owners and leaders see the measures; owners add one with the import's
checks (a bad field is named next to it and nothing is written)."""

from __future__ import annotations

import pytest

from servicegap.quality.models import Indicator, IndicatorReading

URL = "/w/acme/quality/indicators/"


@pytest.mark.django_db
def test_an_owner_adds_an_indicator_and_sees_its_readings(login, workspace, standards):
    client = login("owner")
    answer = client.post(URL, {"code": "RINGS", "name": "Calls answered within 3 rings",
                               "standard": "CALLBACK", "measure": "% of calls", "target": "90",
                               "higher_is_better": "on"})  # fmt: skip
    assert answer.status_code == 302
    rings = Indicator.objects.get(code="RINGS")
    assert (rings.standard.code, rings.target, rings.higher_is_better) == ("CALLBACK", 90, True)
    IndicatorReading.objects.create(workspace=workspace, indicator=rings,
                                    period_start="2026-07-01", value=92.5)  # fmt: skip
    page = client.get(URL).content.decode()
    assert "Calls answered within 3 rings" in page and "2026-07-01: 92.5" in page
    assert "at or above the target" in page


@pytest.mark.django_db
def test_a_bad_target_is_named_and_nothing_is_written(login, workspace, standards):
    client = login("owner")
    answer = client.post(URL, {"code": "WAIT", "name": "Minutes waited", "standard": "GREET",
                               "target": "soon"})  # fmt: skip
    assert answer.status_code == 422
    assert "&#x27;soon&#x27; is not a number" in answer.content.decode()
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_a_leader_reads_but_has_no_form_and_an_employee_gets_404(login, workspace, standards):
    assert "Add or change an indicator" not in login("leader").get(URL).content.decode()
    assert login("employee").get(URL).status_code == 404
