"""The read API: the key gate, scopes, the one error shape, the catalogue endpoints, OpenAPI."""

from __future__ import annotations

from datetime import timedelta

import pytest

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/units",
    "/api/v1/standards",
    "/api/v1/standards/GREET",
    "/api/v1/journeys",
    "/api/v1/people",
]


def _auth(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _is_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error", "field"} and body["error"]
    return body


@pytest.fixture
def catalogue(workspace, other_workspace, standards):
    from servicegap.journeys.models import Journey, Touchpoint, TouchpointStandard
    from servicegap.people.models import Person, Unit
    from servicegap.standards.models import Standard

    sales = Unit.objects.of(workspace).get(code="SALES")
    journey = Journey.objects.create(workspace=workspace, code="BUY", name="Buying a car")
    visit = Touchpoint.objects.create(
        workspace=workspace,
        journey=journey,
        code="VISIT",
        name="Showroom visit",
        step=1,
        unit=sales,
    )
    call = Touchpoint.objects.create(
        workspace=workspace,
        journey=journey,
        code="CALL",
        name="Follow-up call",
        step=2,
        channel="phone",
    )
    by_code = {s.code: s for s in standards}
    for tp, codes in ((visit, ["GREET", "CLEAN"]), (call, ["CALLBACK"])):
        for code in codes:
            TouchpointStandard.objects.create(
                workspace=workspace, touchpoint=tp, standard=by_code[code]
            )
    for i in range(5):
        Person.objects.create(
            workspace=workspace,
            code=f"C{i:03d}",
            kind="customer",
            attributes={"segment": "fleet" if i % 2 else "private"},
        )
    Person.objects.create(workspace=workspace, code="E001", kind="employee", unit=sales)
    Person.objects.create(workspace=other_workspace, code="X001", kind="customer")
    secret = Standard(workspace=other_workspace, code="SECRET", title="Theirs", dimension="people")
    secret.save_version()


# --- the gate -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*ENDPOINTS, "/api/v1/no-such-thing", "/api/v2/units"])
@pytest.mark.parametrize("header", [None, "Bearer sg_wrong", "Basic abc", "Bearer "])
def test_no_valid_key_is_401_on_existing_and_unknown_paths(client, workspace, path, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    body = _is_error(client.get(path, **extra), 401)
    assert body["field"] == "Authorization"


def test_a_revoked_key_is_401(client, workspace):
    from servicegap.accounts.models import ApiKey

    key, raw = ApiKey.issue(workspace, ["read"])
    assert client.get("/api/v1/units", **_auth(raw)).status_code == 200
    key.revoke()
    _is_error(client.get("/api/v1/units", **_auth(raw)), 401)
    _is_error(client.get("/api/v1/nothing-here", **_auth(raw)), 401)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_key_without_read_scope_is_403(client, catalogue, workspace, path):
    from servicegap.accounts.models import ApiKey

    _, raw = ApiKey.issue(workspace, ["ingest"])
    _is_error(client.get(path, **_auth(raw)), 403)


def test_an_unknown_path_with_a_key_is_404_in_the_error_shape(client, api_key):
    _is_error(client.get("/api/v1/no-such-thing", **_auth(api_key)), 404)


def test_openapi_and_docs_need_no_key_and_use_local_assets(client, db):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    asset = client.get("/static/ninja/swagger-ui-bundle.js")
    assert asset.status_code == 200


def test_openapi_documents_the_error_responses_of_every_endpoint(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/units",
        "/api/v1/standards",
        "/api/v1/standards/{code}",
        "/api/v1/journeys",
        "/api/v1/people",
    ):
        documented = paths[path]["get"]["responses"]
        assert {"200", "401", "403", "404"} <= set(documented), path
        error = documented["404"]["content"]["application/json"]["schema"]["$ref"]
        assert error.endswith("/Error")
    assert "422" in paths["/api/v1/people"]["get"]["responses"]


def test_operation_ids_do_not_depend_on_which_app_declares_the_router(client, db):
    """A generated client names its methods after the operation ids: they stayed as they were
    when every router lived in servicegap/api (api/app.py derives them from tag and function)."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    ids = {
        f"{m.upper()} {p}": op["operationId"] for p, ops in paths.items() for m, op in ops.items()
    }
    assert ids == {
        "GET /api/v1/workspace": "servicegap_api_workspace_get_workspace",
        "GET /api/v1/units": "servicegap_api_catalogue_list_units",
        "GET /api/v1/standards": "servicegap_api_catalogue_list_standards",
        "GET /api/v1/standards/{code}": "servicegap_api_catalogue_get_standard",
        "GET /api/v1/journeys": "servicegap_api_catalogue_list_journeys",
        "GET /api/v1/people": "servicegap_api_catalogue_list_people",
        "POST /api/v1/responses": "servicegap_api_ingest_post_response",
        "POST /api/v1/responses:batch": "servicegap_api_ingest_post_responses_batch",
        "POST /api/v1/feedback": "servicegap_api_ingest_post_feedback",
        "GET /api/v1/comments": "servicegap_api_comments_list_comments",
        "POST /api/v1/public/{slug}/taps": "servicegap_api_public_post_tap",
        "OPTIONS /api/v1/public/{slug}/taps": "servicegap_api_public_preflight_tap",
        "POST /api/v1/public/{slug}/feedback": "servicegap_api_public_post_feedback",
        "OPTIONS /api/v1/public/{slug}/feedback": "servicegap_api_public_preflight_feedback",
        "GET /api/v1/reports/{kind}": "servicegap_api_reports_report",
        "GET /api/v1/webhooks": "servicegap_api_webhooks_list_webhooks",
        "POST /api/v1/webhooks": "servicegap_api_webhooks_create_webhook",
        "DELETE /api/v1/webhooks/{webhook_id}": "servicegap_api_webhooks_delete_webhook",
        "GET /api/v1/cases": "servicegap_api_cases_list_cases",
        "GET /api/v1/cases/{number}": "servicegap_api_cases_get_case",
        "PATCH /api/v1/cases/{number}": "servicegap_api_cases_patch_case",
        "POST /api/v1/cases/{number}/messages": "servicegap_api_cases_post_message",
        "GET /api/v1/actions": "servicegap_api_actions_list_actions",
        "POST /api/v1/actions": "servicegap_api_actions_create_action",
        "GET /api/v1/actions/{code}": "servicegap_api_actions_get_action",
        "PATCH /api/v1/actions/{code}": "servicegap_api_actions_patch_action",
        "GET /api/v1/indicators": "servicegap_api_quality_list_indicators",
        "POST /api/v1/indicators": "servicegap_api_quality_post_readings",
        "GET /api/v1/walk-throughs": "servicegap_api_walk-throughs_list_walks",
        "GET /api/v1/walk-throughs/checklist/{journey}": "servicegap_api_walk-throughs_checklist",
        "POST /api/v1/walk-throughs": "servicegap_api_walk-throughs_create_walk",
    }


def test_last_used_at_is_written_at_most_once_a_minute(client, workspace):
    from servicegap.accounts.models import ApiKey

    key, raw = ApiKey.issue(workspace, ["read"])
    client.get("/api/v1/units", **_auth(raw))
    first = ApiKey.objects.get(pk=key.pk).last_used_at
    assert first is not None
    client.get("/api/v1/units", **_auth(raw))
    assert ApiKey.objects.get(pk=key.pk).last_used_at == first
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=first - timedelta(seconds=61))
    client.get("/api/v1/units", **_auth(raw))
    assert ApiKey.objects.get(pk=key.pk).last_used_at > first


def test_healthz_is_public_json(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


# --- the catalogue ----------------------------------------------------------------------------


def test_units_of_the_keys_workspace_only(client, catalogue, api_key):
    units = client.get("/api/v1/units", **_auth(api_key)).json()
    assert units == [
        {"code": "HQ", "name": "Head office", "parent": None},
        {"code": "SALES", "name": "Sales", "parent": "HQ"},
        {"code": "SERVICE", "name": "Service", "parent": "HQ"},
    ]


def test_standards_with_behaviours_and_version(client, catalogue, api_key):
    standards = client.get("/api/v1/standards", **_auth(api_key)).json()
    assert [s["code"] for s in standards] == ["CALLBACK", "CLEAN", "GREET"]
    greet = standards[-1]
    assert greet["behaviours"] == ["Looks up", "Uses the name"] and greet["version"] == 1
    assert greet["dimension"] == "people" and greet["target"] == 6
    assert "workspace" not in greet and "id" not in greet


def test_one_standard_with_versions_and_touchpoints(client, catalogue, standards, api_key):
    greet = standards[0]
    greet.title = "Greets every customer by name, smiling"
    greet.save_version()
    body = client.get("/api/v1/standards/GREET", **_auth(api_key)).json()
    assert body["version"] == 2 and [v["version"] for v in body["versions"]] == [1, 2]
    assert body["touchpoints"] == ["VISIT"]


@pytest.mark.parametrize("code", ["NOPE", "SECRET"])
def test_unknown_or_foreign_standard_is_404(client, catalogue, api_key, code):
    body = _is_error(client.get(f"/api/v1/standards/{code}", **_auth(api_key)), 404)
    assert code in body["error"]


def test_journeys_with_ordered_touchpoints_and_standard_codes(client, catalogue, api_key):
    journeys = client.get("/api/v1/journeys", **_auth(api_key)).json()
    assert len(journeys) == 1 and journeys[0]["code"] == "BUY"
    assert journeys[0]["touchpoints"] == [
        {
            "code": "VISIT",
            "name": "Showroom visit",
            "step": 1,
            "channel": "in-person",
            "unit": "SALES",
            "standards": ["CLEAN", "GREET"],
        },
        {
            "code": "CALL",
            "name": "Follow-up call",
            "step": 2,
            "channel": "phone",
            "unit": None,
            "standards": ["CALLBACK"],
        },
    ]


def test_people_paginated_and_filtered_by_kind(client, catalogue, api_key):
    page = client.get("/api/v1/people?page_size=2&page=2", **_auth(api_key)).json()
    assert page["count"] == 6 and [p["code"] for p in page["items"]] == ["C002", "C003"]
    employees = client.get("/api/v1/people?kind=employee", **_auth(api_key)).json()
    assert employees["count"] == 1
    assert employees["items"][0] | {"created_at": None} == {
        "code": "E001",
        "name": "",
        "kind": "employee",
        "unit": "SALES",
        "email": "",
        "attributes": {},
        "referred_by": None,
        "created_at": None,
    }
    customers = client.get("/api/v1/people?kind=customer", **_auth(api_key)).json()
    assert customers["count"] == 5  # not the other workspace's X001
    assert customers["items"][1]["attributes"] == {"segment": "fleet"}


@pytest.mark.parametrize("query", ["kind=robot", "page=0", "page=abc", "page_size=-1"])
def test_bad_query_parameters_are_422_in_the_error_shape(client, catalogue, api_key, query):
    body = _is_error(client.get(f"/api/v1/people?{query}", **_auth(api_key)), 422)
    assert body["field"] == query.split("=")[0]
