"""``/api/v1/indicators``: readings posted with the import's checks, all or nothing."""

from __future__ import annotations

import pytest

from servicegap.quality.models import Indicator, IndicatorReading


@pytest.fixture
def rings(workspace, standards):
    return Indicator.objects.create(workspace=workspace, code="RINGS", name="Answered in 3 rings",
                                    standard=standards[1], target=90)  # fmt: skip


def post(client, key, body):
    return client.post("/api/v1/indicators", body, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}")  # fmt: skip


@pytest.mark.django_db
def test_post_readings_then_read_them_back(client, api_key, rings):
    body = {"readings": [
        {"indicator": "RINGS", "standard": "CALLBACK", "period_start": "2026-07-01", "value": 91},
        {"indicator": "RINGS", "unit": "SALES", "period_start": "2026-07-01", "value": 88.5},
    ]}  # fmt: skip
    answer = post(client, api_key, body)
    assert answer.status_code == 201, answer.content
    assert answer.json() == {"created": 2, "updated": 0, "unchanged": 0}
    again = post(client, api_key, body)
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 2}
    listed = client.get("/api/v1/indicators", HTTP_AUTHORIZATION=f"Bearer {api_key}").json()
    assert listed[0]["code"] == "RINGS" and listed[0]["standard"] == "CALLBACK"
    assert sorted((r["unit"] or "", r["value"]) for r in listed[0]["readings"]) == [
        ("", 91.0), ("SALES", 88.5)
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_bad_reading_is_422_naming_it_and_nothing_is_written(client, api_key, rings):
    body = {"readings": [
        {"indicator": "RINGS", "period_start": "2026-07-01", "value": 91},
        {"indicator": "RINGS", "period_start": "1 July", "value": 91},
    ]}  # fmt: skip
    answer = post(client, api_key, body)
    assert answer.status_code == 422
    assert answer.json()["field"] == "readings[1].period_start"
    assert "ISO date" in answer.json()["error"]
    wrong = post(
        client,
        api_key,
        {
            "readings": [
                {
                    "indicator": "RINGS",
                    "standard": "GREET",
                    "period_start": "2026-07-01",
                    "value": 1,
                }
            ]
        },
    )
    assert wrong.status_code == 422 and wrong.json()["field"] == "readings[0].standard"
    assert post(client, api_key, {"readings": []}).json()["field"] == "readings"
    assert not IndicatorReading.objects.exists()
    assert client.get("/api/v1/indicators").status_code == 401
