"""Who may put employee, leader and internal answers in (finding 2 of the security review, issue
11): padding a group hidden for one respondent with invented respondents revealed that one
person's answers. Only the CLI and API keys of scope ``ingest-protected`` (created by the CLI) may
add them; each such import is audited and named on the report pages of its months."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile

from servicegap.cli import main_group
from servicegap.gaps.kinds import run
from tests.invitation_support import run_worker
from tests.report_support import respond, unnamed

pytestmark = pytest.mark.django_db

MARCH = {"perspective": "employee", "from": "2026-03-01", "to": "2026-03-31"}
HEADER = "response_id,submitted_at,time_zone,perspective,respondent,unit,supplier,touchpoint,survey,item,kind,value\n"  # fmt: skip


def invented(count: int, perspective: str = "employee") -> str:
    """Four invented employees of SALES in March: what the attacker uploaded."""
    rows = [
        f"X{i},2026-03-12T10:00:00Z,UTC,{perspective},FAKE{i},SALES,,,,GREET,experience,7\n"
        for i in range(count)
    ]
    return HEADER + "".join(rows)


@pytest.fixture(autouse=True)
def _data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))


@pytest.fixture
def one_real_employee(workspace, standards):
    from servicegap.people.models import Unit

    sales = Unit.objects.of(workspace).get(code="SALES")
    respond(workspace, "employee", [("GREET", "experience", 2)], respondent="REAL", unit=sales)
    assert unnamed(run(workspace, "gaps", MARCH)["rows"]) == [{"item": "GREET", "suppressed": True}]


def api_key(workspace, *scopes: str) -> str:
    from servicegap.accounts.models import ApiKey

    return ApiKey.issue(workspace, list(scopes))[1]


def post(client, key: str, path: str, body: dict):
    return client.post(
        f"/api/v1/{path}",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def employee_body(i: int) -> dict:
    return {
        "submitted_at": "2026-03-12T10:00:00Z",
        "perspective": "employee",
        "respondent": f"FAKE{i}",
        "unit": "SALES",
        "answers": [{"item": "GREET", "kind": "experience", "value": 7}],
    }


def stored_employee_responses(workspace) -> int:
    from servicegap.surveys.models import Response

    return Response.objects.of(workspace).filter(perspective="employee").count()


# --- the Imports page ----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["all", "skip"])
def test_the_imports_page_refuses_invented_employees_so_the_hidden_group_stays_hidden(
    login, workspace, one_real_employee, monkeypatch, mode
):
    client = login("owner")
    file = SimpleUploadedFile("padding.csv", invented(4).encode(), content_type="text/csv")
    client.post("/w/acme/imports/", {"kind": "responses", "file": file, "mode": mode})
    run_worker(monkeypatch)

    from servicegap.imports.models import ImportJob

    job = ImportJob.objects.get()
    assert job.created == 0
    assert stored_employee_responses(workspace) == 1
    assert unnamed(run(workspace, "gaps", MARCH)["rows"]) == [{"item": "GREET", "suppressed": True}]
    page = client.get(f"/w/acme/imports/{job.pk}/").content.decode()
    assert "held anonymously" in page and "servicegap import" in page


def test_the_imports_page_still_takes_customer_responses(login, workspace, standards, monkeypatch):
    client = login("owner")
    text = invented(2, perspective="customer")
    file = SimpleUploadedFile("customers.csv", text.encode(), content_type="text/csv")
    client.post("/w/acme/imports/", {"kind": "responses", "file": file, "mode": "all"})
    run_worker(monkeypatch)

    from servicegap.imports.models import ImportJob
    from servicegap.surveys.models import ProtectedImport

    assert ImportJob.objects.get().created == 2
    assert not ProtectedImport.objects.exists()


def test_the_qualtrics_upload_refuses_an_employee_survey_on_the_form(login, workspace):
    from servicegap.imports.models import ImportJob
    from tests.invitation_support import make_survey

    survey = make_survey(workspace, "PULSE")
    survey.perspective = "employee"
    survey.save()
    client = login("owner")
    file = SimpleUploadedFile("export.csv", b"a,b\n1,2\n", content_type="text/csv")
    r = client.post(
        "/w/acme/imports/",
        {"kind": "qualtrics-responses", "file": file, "mode": "all", "survey": "PULSE"},
    )
    assert r.status_code == 400 and "held anonymously" in r.content.decode()
    assert not ImportJob.objects.exists()


# --- the API -----------------------------------------------------------------------------------


@pytest.mark.parametrize("scopes", [("ingest",), ("ingest", "read", "admin")])
def test_an_ordinary_ingest_key_gets_403_for_a_protected_response_and_stores_nothing(
    client, workspace, one_real_employee, scopes
):
    key = api_key(workspace, *scopes)
    r = post(client, key, "responses", employee_body(0))
    assert r.status_code == 403, r.content
    body = r.json()
    assert body["field"] == "perspective" and "ingest-protected" in body["error"]

    batch = {"responses": [{**employee_body(1), "perspective": "customer"}, employee_body(2)]}
    r = post(client, key, "responses:batch", batch)
    assert r.status_code == 403 and r.json()["field"] == "perspective"
    assert r.json()["errors"] == [{"index": 1, "field": "perspective", "error": r.json()["error"]}]

    from servicegap.surveys.models import Response

    assert Response.objects.of(workspace).count() == 1  # the real one; not even the customer
    assert unnamed(run(workspace, "gaps", MARCH)["rows"]) == [{"item": "GREET", "suppressed": True}]


def test_an_ingest_protected_key_is_accepted_audited_and_named_on_the_report_page(
    client, login, workspace, one_real_employee
):
    from servicegap.core.models import AuditEntry
    from servicegap.surveys.models import ProtectedImport

    key = api_key(workspace, "ingest-protected")
    assert post(client, key, "responses", employee_body(0)).status_code == 201
    batch = {"responses": [employee_body(i) for i in range(1, 4)]}
    assert post(client, key, "responses:batch", batch).status_code == 201
    customer = {**employee_body(9), "perspective": "customer"}
    assert post(client, key, "responses", customer).status_code == 201  # implies ingest

    entries = AuditEntry.objects.filter(action="responses.import-protected").order_by("pk")
    assert [(e.detail["responses"], e.detail["months"]) for e in entries] == [
        (1, {"employee:2026-03": 1}),
        (3, {"employee:2026-03": 3}),
    ]
    assert entries[0].actor.startswith("api-key:") and entries[0].detail["channel"] == "api"
    assert sum(ProtectedImport.objects.values_list("responses", flat=True)) == 4

    page = login("owner").get("/w/acme/reports/gaps/", MARCH).content.decode()
    assert "includes 4 employee responses imported" in page
    april = {**MARCH, "from": "2026-04-01", "to": "2026-04-30"}
    assert (
        "imported by the installation"
        not in login("owner").get("/w/acme/reports/gaps/", april).content.decode()
    )
    customers = login("owner").get("/w/acme/reports/gaps/").content.decode()
    assert "imported by the installation" not in customers


# --- the CLI -----------------------------------------------------------------------------------


def cli(*args: str):
    return CliRunner().invoke(main_group, ["--workspace", "acme", *args])


def test_only_the_cli_creates_an_ingest_protected_key(workspace):
    result = cli("apikey", "create", "--scope", "ingest-protected", "--name", "hr-system")
    assert result.exit_code == 0, result.output
    from servicegap.accounts.models import ApiKey

    assert ApiKey.objects.get(name="hr-system").scopes == ["ingest-protected"]


def test_the_cli_imports_protected_responses_and_audits_them(
    workspace, one_real_employee, tmp_path
):
    from servicegap.core.models import AuditEntry
    from servicegap.surveys.models import ProtectedImport

    path = tmp_path / "employees.csv"
    path.write_text(invented(4))
    result = cli("import", "responses", str(path))
    assert result.exit_code == 0, result.output
    assert stored_employee_responses(workspace) == 5
    entry = AuditEntry.objects.get(action="responses.import-protected")
    assert entry.actor == "cli" and entry.detail["months"] == {"employee:2026-03": 4}
    [row] = ProtectedImport.objects.all()
    assert (row.perspective, row.month.isoformat(), row.responses) == ("employee", "2026-03-01", 4)
