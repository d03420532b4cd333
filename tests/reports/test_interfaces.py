"""`GET /api/v1/reports/{kind}` and `servicegap report KIND --json` answer with one document."""

from __future__ import annotations

import pytest

from servicegap.reports import registry
from tests.report_support import cli, cli_json, respond

KINDS = [kind.name for kind in registry.pages()]  # every kind with a page


def get(client, key, path, **params):
    return client.get(f"/api/v1/reports/{path}", params, HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def some_data(workspace, standards):
    from servicegap.people.models import Unit

    hq = Unit.objects.of(workspace).get(code="HQ")
    for e, x in [(6, 4), (7, 5), (5, 4)]:
        respond(
            workspace,
            answers=[
                ("GREET", "expectation", e),
                ("GREET", "experience", x),
                ("GREET", "kano_functional", "like"),
                ("GREET", "kano_dysfunctional", "dislike"),
                ("", "nps", 2 * x),
                ("", "csat", x - 2),
                ("", "ces", x),
                ("", "overall", x),
                ("", "moment", "misery"),
            ],
            unit=hq,
        )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_cli_json_is_the_api_document_for_every_kind(client, api_key, some_data, kind):
    response = get(client, api_key, kind)
    assert response.status_code == 200
    assert cli_json("acme", kind) == response.json()


@pytest.mark.django_db
def test_cli_and_api_agree_with_filters(client, api_key, some_data):
    params = {"by": "unit", "period": "quarter", "from": "2026-01-01", "to": "2026-06-30"}
    response = get(client, api_key, "gaps", **params)
    args = [f"--{k}={v}" for k, v in params.items()]
    assert cli_json("acme", "gaps", *args) == response.json()
    assert response.json()["rows"][0]["unit"] == "HQ"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_an_empty_workspace_gives_200_with_n_zero_or_no_rows(client, api_key, workspace, kind):
    body = get(client, api_key, kind).json()
    assert body.get("rows", []) == [] and body.get("n", 0) == 0


@pytest.mark.django_db
def test_another_workspaces_answers_are_never_counted(
    client, api_key, workspace, other_workspace, standards
):
    respond(other_workspace, answers=[("GREET", "experience", 1), ("", "nps", 0)])
    respond(workspace, answers=[("GREET", "experience", 5), ("", "nps", 10)])
    assert get(client, api_key, "nps").json()["n"] == 1
    rows = get(client, api_key, "gaps").json()["rows"]
    assert [(r["item"], r["target_n"], r["gap_vs_target"]) for r in rows] == [("GREET", 1, -1.0)]


@pytest.mark.django_db
def test_reports_need_a_read_key_and_a_known_kind(client, workspace, api_key):
    from servicegap.accounts.models import ApiKey

    _, ingest_only = ApiKey.issue(workspace, ["ingest"])
    assert client.get("/api/v1/reports/gaps").status_code == 401
    assert get(client, ingest_only, "gaps").status_code == 403
    missing = get(client, api_key, "nonsense")
    assert missing.status_code == 404 and "gaps" in missing.json()["error"]


@pytest.mark.django_db
def test_a_bad_filter_is_422_naming_the_field_and_one_sentence_in_the_cli(
    client, api_key, workspace
):
    r = get(client, api_key, "gaps", by="colour")
    assert r.status_code == 422 and r.json()["field"] == "by"
    assert get(client, api_key, "gaps", **{"from": "March"}).json()["field"] == "from"
    assert get(client, api_key, "gaps", unit="NOWHERE").json()["field"] == "unit"
    assert get(client, api_key, "nps", by="item").json()["field"] == "by"
    result = cli("acme", "gaps", "--by", "colour")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "--by" in result.output


@pytest.mark.django_db
def test_readable_table_without_json(some_data):
    result = cli("acme", "gaps")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("item\tn\texpectation_mean") and lines[1].startswith(
        "GREET\t3\t6.00"
    )


@pytest.mark.django_db
def test_the_openapi_document_lists_the_report_endpoint_and_its_errors(client):
    doc = client.get("/api/v1/openapi.json").json()
    op = doc["paths"]["/api/v1/reports/{kind}"]["get"]
    assert {"200", "401", "403", "404", "422"} <= set(op["responses"])
    assert {"by", "from", "to", "segment", "outcome"} <= {p["name"] for p in op["parameters"]}
