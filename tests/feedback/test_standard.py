"""Feedback may name the standard it is about: the contract, the API and the feedback CSV (an
optional tenth column, exported only when some feedback has a standard)."""

from __future__ import annotations

import json

import pytest

from servicegap.feedback.contract import record_feedback
from servicegap.feedback.models import Feedback
from servicegap.surveys.contract import ResponseError
from tests.surveys.test_transfer_responses import export_text, import_text, ok, refused, rows_of

pytestmark = pytest.mark.django_db

COLUMNS = "feedback_id,submitted_at,kind,text,touchpoint,unit,employee,contact,consent"


def test_feedback_names_its_standard_and_an_unknown_code_is_refused(workspace, standards):
    fb = record_feedback(workspace, {"kind": "complaint", "text": "Dirty car", "standard": "CLEAN"})
    assert fb.standard.code == "CLEAN"
    with pytest.raises(ResponseError) as err:
        record_feedback(workspace, {"kind": "complaint", "text": "x", "standard": "NOPE"})
    assert err.value.field == "standard"
    assert Feedback.objects.of(workspace).count() == 1


def test_the_api_takes_the_standard(client, api_key, workspace, standards):
    def post(data):
        return client.post(
            "/api/v1/feedback", data=json.dumps(data), content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {api_key}",
        )  # fmt: skip

    r = post({"kind": "compliment", "text": "Called back at once", "standard": "CALLBACK"})
    assert r.status_code == 201
    assert Feedback.objects.get(pk=r.json()["id"]).standard.code == "CALLBACK"
    r = post({"kind": "compliment", "text": "x", "standard": "NOPE"})
    assert r.status_code == 422 and r.json()["field"] == "standard"


def test_the_csv_writes_the_standard_column_only_when_used_and_it_round_trips(
    workspace, standards, tmp_path
):
    plain = COLUMNS + "\nf1,2026-03-01T10:00:00Z,complaint,Slow,,SALES,,,false\n"
    ok(import_text(tmp_path, "feedback", plain))
    assert rows_of(export_text("feedback"))[0] == COLUMNS.split(",")
    text = COLUMNS + ",standard\nf2,2026-03-02T10:00:00Z,complaint,Dirty car,,SALES,,,false,CLEAN\n"
    ok(import_text(tmp_path, "feedback", text))
    exported = export_text("feedback")
    rows = rows_of(exported)
    assert rows[0] == [*COLUMNS.split(","), "standard"]
    assert [(r[0], r[-1]) for r in rows[1:]] == [("f1", ""), ("f2", "CLEAN")]
    again = ok(import_text(tmp_path, "feedback", exported))
    assert "feedback: 0 created, 0 updated, 2 unchanged" in again.output
    lines = refused(import_text(tmp_path, "feedback", text.replace("CLEAN\n", "NOPE\n")))
    assert any(":2: standard:" in line for line in lines), lines


def test_the_tell_us_page_offers_the_published_standards_and_stores_the_one_picked(
    client, workspace, standards
):
    page = client.get("/r/acme/tell-us/?kind=complaint&standard=CLEAN")
    assert page.status_code == 200
    assert '<option value="CLEAN" selected>' in page.content.decode()
    r = client.post(
        "/r/acme/tell-us/",
        {"kind": "complaint", "text": "Mud on the seats", "standard": "CLEAN", "website": ""},
    )
    assert r.status_code == 302
    assert Feedback.objects.of(workspace).get().standard.code == "CLEAN"
    r = client.post("/r/acme/tell-us/", {"kind": "complaint", "text": "x", "standard": "NOPE"})
    assert r.status_code == 422 and "standard" in r.context["form"].errors
