"""API ingest: POST /api/v1/responses, /responses:batch and /feedback; idempotency; bad input."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from servicegap.core.models import IdempotencyKey
from servicegap.feedback.models import Feedback
from servicegap.surveys.models import Answer, Response

pytestmark = pytest.mark.django_db

BODY = {
    "submitted_at": "2026-03-01T10:00:00Z",
    "perspective": "customer",
    "unit": "SALES",
    "answers": [
        {"item": "GREET", "kind": "expectation", "value": 6},
        {"item": "GREET", "kind": "experience", "value": 4},
    ],
}


def post(client, path, body, key=None, raw=None, content_type="application/json", **headers):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    data = raw if raw is not None else json.dumps(body)
    return client.post(f"/api/v1/{path}", data=data, content_type=content_type, **headers)


@pytest.fixture
def api(client, api_key, standards):
    def _post(path, body=None, key=None, **kw):
        kw.setdefault("HTTP_AUTHORIZATION", f"Bearer {api_key}")
        return post(client, path, body, key, **kw)

    return _post


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error"] and "field" in body
    return body


# --- single responses -------------------------------------------------------------------------


def test_a_valid_response_is_stored_and_answered_201_with_its_id(api, workspace):
    r = api("responses", BODY)
    assert r.status_code == 201, r.content
    stored = Response.objects.of(workspace).get()
    assert r.json() == {"id": stored.pk}
    assert stored.unit.code == "SALES" and stored.answers.count() == 2


def test_without_a_key_the_answer_is_401_in_the_error_shape(client, standards):
    assert error(post(client, "responses", BODY), 401)["field"] == "Authorization"


def test_a_key_without_the_ingest_scope_gets_403(client, workspace, standards):
    from servicegap.accounts.models import ApiKey

    _, raw = ApiKey.issue(workspace, ["read"])
    r = post(client, "responses", BODY, HTTP_AUTHORIZATION=f"Bearer {raw}")
    error(r, 403)
    assert Response.objects.count() == 0


def test_an_out_of_range_value_is_422_naming_the_answer_path(api):
    bad = {**BODY, "answers": [{"item": "GREET", "kind": "experience", "value": 99}]}
    assert error(api("responses", bad), 422)["field"] == "answers[0].value"
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("raw", "content_type", "field"),
    [
        ("{not json", "application/json", "body"),
        (b'{"perspective": "\xff"}', "application/json", "body"),
        ('{"x": NaN}', "application/json", "body"),
        (json.dumps(BODY), "text/plain", "Content-Type"),
        (json.dumps(BODY), "application/json; charset=latin-1", "Content-Type"),
        ("[" * 100_000 + "]" * 100_000, "application/json", "body"),
    ],
)
def test_a_body_that_is_not_utf8_json_is_400_never_a_500(api, raw, content_type, field):
    assert error(api("responses", raw=raw, content_type=content_type), 400)["field"] == field


def test_a_json_value_that_is_not_an_object_is_422(api):
    error(api("responses", [1, 2]), 422)


def test_an_oversized_body_is_413_before_it_is_parsed(api, settings):
    settings.MAX_BODY_BYTES = 1000
    padded = {**BODY, "answers": BODY["answers"] * 40}
    body = error(api("responses", padded), 413)
    assert "1000 bytes" in body["error"]
    r = api("responses", raw="x" * 2000)  # not even JSON: the size is checked first
    error(r, 413)


def test_the_2xx_is_visible_to_the_headline_report_at_once(api, workspace):
    from servicegap.gaps.kinds import run

    assert api("responses", BODY).status_code == 201
    rows = run(workspace, "headline", {})["rows"]
    greet = next(r for r in rows if r["item"] == "GREET" and r["perspective"] == "customer")
    assert greet["n"] == 1 and greet["gap"] == -2


# --- idempotency ------------------------------------------------------------------------------


def test_the_same_key_and_body_replays_the_first_answer_and_stores_nothing(api):
    first = api("responses", BODY, key="k-1")
    again = api("responses", json.loads(json.dumps(BODY, indent=4)), key="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Response.objects.count() == 1 and Answer.objects.count() == 2


def test_bodies_are_compared_as_parsed_json_not_bytes(api):
    api("responses", BODY, key="k-1")
    reordered = dict(reversed(list(BODY.items())))
    raw = json.dumps(reordered).replace('"value": 6', '"value": 6.0')
    assert api("responses", raw=raw, key="k-1").status_code == 201
    assert Response.objects.count() == 1


def test_the_same_key_with_another_body_is_422_on_the_key(api):
    api("responses", BODY, key="k-1")
    other = {**BODY, "answers": [{"item": "GREET", "kind": "experience", "value": 2}]}
    assert error(api("responses", other, key="k-1"), 422)["field"] == "Idempotency-Key"
    assert Response.objects.count() == 1


def test_the_same_key_on_another_endpoint_is_a_different_request(api):
    api("responses", BODY, key="k-1")
    error(api("responses:batch", {"responses": [BODY]}, key="k-1"), 422)


def test_the_same_key_while_the_first_is_in_flight_is_409(api, workspace):
    from servicegap.api.idempotency import request_hash

    IdempotencyKey.objects.create(
        workspace=workspace,
        key="k-1",
        request_hash=request_hash("responses", BODY),
        created_at=timezone.now(),
    )
    assert error(api("responses", BODY, key="k-1"), 409)["field"] == "Idempotency-Key"
    assert Response.objects.count() == 0


def test_a_key_left_in_flight_by_a_dead_request_is_taken_over_after_a_while(api, workspace):
    from servicegap.api.idempotency import request_hash

    IdempotencyKey.objects.create(
        workspace=workspace,
        key="k-1",
        request_hash=request_hash("responses", BODY),
        created_at=timezone.now() - timedelta(minutes=10),
    )
    assert api("responses", BODY, key="k-1").status_code == 201
    assert IdempotencyKey.objects.get().state == "done"


def test_a_key_left_in_flight_by_a_process_that_died_here_is_taken_over_at_once(api, workspace):
    import os
    import subprocess

    from servicegap.api.idempotency import HOST, request_hash

    dead = subprocess.Popen(["true"])  # noqa: S607
    dead.wait()  # its pid now belongs to no process (reuse this soon is very unlikely)
    for owner, status in ((f"{HOST}:{os.getpid()}", 409), (f"{HOST}:{dead.pid}", 201)):
        IdempotencyKey.objects.all().delete()
        IdempotencyKey.objects.create(
            workspace=workspace,
            key="k-1",
            request_hash=request_hash("responses", BODY),
            created_at=timezone.now(),
            owner=owner,
        )
        assert api("responses", BODY, key="k-1").status_code == status, owner
    assert IdempotencyKey.objects.get().state == "done"
    assert Response.objects.count() == 1


def test_the_same_key_in_two_workspaces_is_two_responses(api, client, other_workspace):
    from servicegap.accounts.models import ApiKey
    from servicegap.standards.models import Standard

    Standard(
        workspace=other_workspace, code="GREET", title="Greets", dimension="people"
    ).save_version()
    _, other_key = ApiKey.issue(other_workspace, ["ingest"])
    body = {**BODY, "unit": "HQ"}
    mine = api("responses", body, key="shared")
    theirs = post(client, "responses", body, key="shared", HTTP_AUTHORIZATION=f"Bearer {other_key}")
    assert mine.status_code == theirs.status_code == 201
    assert mine.json() != theirs.json()
    assert Response.objects.of(other_workspace).count() == 1


def test_a_rejected_request_frees_its_key_for_a_corrected_retry(api):
    bad = {**BODY, "answers": [{"item": "GREET", "kind": "experience", "value": 99}]}
    error(api("responses", bad, key="k-1"), 422)
    assert not IdempotencyKey.objects.exists()
    assert api("responses", BODY, key="k-1").status_code == 201


def test_a_failing_insert_leaves_neither_a_response_nor_a_key(api, monkeypatch):
    from django.db import DatabaseError

    from servicegap.surveys import contract

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(contract, "insert_rows", broken)  # the answers' insert fails
    with pytest.raises(DatabaseError):
        api("responses", BODY, key="k-1")
    assert Response.objects.count() == 0
    assert not IdempotencyKey.objects.exists()


def test_a_stored_response_and_its_done_key_are_written_together(api, workspace):
    r = api("responses", BODY, key="k-1")
    key = IdempotencyKey.objects.of(workspace).get(key="k-1")
    assert (key.state, key.status_code, key.response_body) == ("done", 201, r.json())


def test_an_unprintable_key_is_422(api):
    error(api("responses", BODY, key="x" * 256), 422)


def test_keys_older_than_48_hours_are_pruned(workspace):
    from servicegap.api.idempotency import prune_idempotency_keys

    now = timezone.now()
    for key, age in (("old", 49), ("young", 25)):
        IdempotencyKey.objects.create(
            workspace=workspace, key=key, request_hash="h", created_at=now - timedelta(hours=age)
        )
    assert prune_idempotency_keys().startswith("deleted 1 ")
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["young"]


def test_the_pruning_job_is_scheduled():
    from servicegap.runtime import schedule

    assert "prune_idempotency_keys" in {j.name for j in schedule.jobs()}


# --- batches ----------------------------------------------------------------------------------


def test_a_batch_stores_every_response_and_answers_their_ids_in_order(api, workspace):
    second = {**BODY, "respondent": "C-9", "perspective": "customer"}
    r = api("responses:batch", {"responses": [BODY, second]}, key="b-1")
    assert r.status_code == 201, r.content
    ids = r.json()["ids"]
    assert len(ids) == 2 and ids == sorted(ids)
    assert Response.objects.of(workspace).get(pk=ids[1]).respondent.code == "C-9"
    assert api("responses:batch", {"responses": [BODY, second]}, key="b-1").json() == {"ids": ids}
    assert Response.objects.count() == 2


def test_a_batch_with_bad_items_lists_every_one_and_stores_nothing(api):
    bad_value = {**BODY, "answers": [{"item": "GREET", "kind": "experience", "value": 0}]}
    bad_unit = {**BODY, "unit": "NOPE"}
    r = api("responses:batch", {"responses": [BODY, bad_value, BODY, bad_unit]})
    body = error(r, 422)
    assert body["errors"] == [
        {"index": 1, "field": "answers[0].value", "error": body["errors"][0]["error"]},
        {"index": 3, "field": "unit", "error": body["errors"][1]["error"]},
    ]
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


@pytest.mark.parametrize("body", [[BODY], {"responses": []}, {"responses": "x"}, {}])
def test_a_batch_body_is_an_object_with_a_non_empty_responses_list(api, body):
    assert error(api("responses:batch", body), 422)["field"] == "responses"


def test_a_batch_of_more_than_1000_is_refused(api):
    assert error(api("responses:batch", {"responses": [BODY] * 1001}), 422)["field"] == "responses"
    assert Response.objects.count() == 0


def test_a_batch_may_be_larger_than_a_single_body(api, settings):
    settings.MAX_BODY_BYTES = 1000
    settings.MAX_BATCH_BYTES = 100_000
    assert api("responses:batch", {"responses": [BODY] * 20}).status_code == 201
    settings.MAX_BATCH_BYTES = 2000
    error(api("responses:batch", {"responses": [BODY] * 20}), 413)


# --- feedback ---------------------------------------------------------------------------------


def test_feedback_is_stored_with_its_channel_and_answered_201(api, workspace):
    r = api("feedback", {"kind": "complaint", "text": "<b>Late</b> again", "unit": "SALES"})
    assert r.status_code == 201, r.content
    fb = Feedback.objects.of(workspace).get(pk=r.json()["id"])
    assert (fb.kind, fb.text, fb.channel, fb.unit.code) == (
        "complaint",
        "<b>Late</b> again",
        "api",
        "SALES",
    )


def test_bad_feedback_is_422_naming_the_field(api):
    assert error(api("feedback", {"kind": "rant", "text": "x"}), 422)["field"] == "kind"
    body = {"kind": "idea", "text": "x", "contact": "a@b.test"}
    assert error(api("feedback", body), 422)["field"] == "consent"
    assert Feedback.objects.count() == 0


def test_feedback_with_a_reused_key_is_stored_once(api):
    body = {"kind": "compliment", "text": "Great"}
    first, again = api("feedback", body, key="f-1"), api("feedback", body, key="f-1")
    assert first.json() == again.json() and Feedback.objects.count() == 1


# --- OpenAPI ----------------------------------------------------------------------------------


def test_the_openapi_documents_every_status_body_and_the_key_header(client, api_key):
    doc = client.get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {api_key}").json()
    for path in ("/api/v1/responses", "/api/v1/responses:batch", "/api/v1/feedback"):
        op = doc["paths"][path]["post"]
        assert {"201", "400", "401", "403", "409", "413", "422"} <= set(op["responses"]), path
        assert any(p["name"] == "Idempotency-Key" for p in op["parameters"])
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        assert "$ref" not in json.dumps(schema)
    batch = doc["paths"]["/api/v1/responses:batch"]["post"]["requestBody"]["content"]
    assert batch["application/json"]["schema"]["properties"]["responses"]["maxItems"] == 1000
