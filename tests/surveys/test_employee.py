"""Customer responses may name the employee who served: the contract, the API, the responses CSV
(an optional thirteenth column, exported only when used) and a person's export and erasure."""

from __future__ import annotations

import json

import pytest

from servicegap.people.models import Person, Unit
from servicegap.people.privacy import erase_person, export_person
from servicegap.surveys.contract import ResponseError, record_response
from servicegap.surveys.models import Answer, Response
from tests.surveys.test_transfer_responses import (
    HEADER,
    RESPONSES,
    export_text,
    import_text,
    ok,
    refused,
    rows_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(workspace):
    sales = Unit.objects.of(workspace).get(code="SALES")
    Person.objects.create(workspace=workspace, code="C-1", kind="customer")
    return Person.objects.create(
        workspace=workspace, code="E-ANNA", name="Anna Field", kind="employee", unit=sales
    )


def body(**extra):
    return {
        "submitted_at": "2026-03-01T10:00:00Z", "perspective": "customer", "unit": "SALES",
        "answers": [{"item": "GREET", "kind": "experience", "value": 4},
                    {"kind": "text", "value": "Anna knew my name"}], **extra,
    }  # fmt: skip


def test_a_customer_response_names_the_employee_who_served(workspace, standards, anna):
    r = record_response(workspace, body(employee="E-ANNA"))
    assert Response.objects.get(pk=r.pk).employee == anna


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"employee": "E-NOBODY"}, "no employee with code"),
        ({"employee": "C-1"}, "is a customer, not an employee"),
        ({"employee": "E-ANNA", "perspective": "employee"}, "only a customer response"),
    ],
)
def test_a_bad_employee_is_refused_naming_the_field(workspace, standards, anna, extra, message):
    with pytest.raises(ResponseError) as err:
        record_response(workspace, body(**extra))
    assert err.value.field == "employee" and message in err.value.message
    assert Response.objects.of(workspace).count() == 0


def _post(client, key, path, data):
    return client.post(
        f"/api/v1/{path}", data=json.dumps(data), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )  # fmt: skip


def test_the_api_takes_the_employee_and_refuses_a_bad_one_with_4xx(
    client, api_key, workspace, standards, anna
):
    r = _post(client, api_key, "responses", body(employee="E-ANNA"))
    assert r.status_code == 201, r.content
    assert Response.objects.get(pk=r.json()["id"]).employee == anna
    r = _post(client, api_key, "responses", body(employee="E-NOBODY"))
    assert r.status_code == 422 and r.json()["field"] == "employee"
    batch = {"responses": [body(employee="E-ANNA"), body(employee="C-1")]}
    r = _post(client, api_key, "responses:batch", batch)
    assert r.status_code == 422
    assert [(e["index"], e["field"]) for e in r.json()["errors"]] == [(1, "employee")]
    assert Response.objects.of(workspace).count() == 1  # the batch stored nothing
    schema = client.get("/api/v1/openapi.json").content.decode()
    assert "code of the employee who served" in schema


SERVED = (
    HEADER + ",employee\n"
    "s1,2026-03-04T10:00:00Z,,customer,C1,SALES,,,,GREET,experience,6,E-ANNA\n"
    "s1,2026-03-04T10:00:00Z,,customer,C1,SALES,,,,,nps,10,E-ANNA\n"
    "s2,2026-03-04T11:00:00Z,,customer,C2,SALES,,,,,nps,3,\n"
)


def test_the_csv_employee_column_round_trips_and_is_written_only_when_used(
    workspace, standards, anna, tmp_path
):
    ok(import_text(tmp_path, "responses", RESPONSES))  # twelve columns, as before
    assert rows_of(export_text("responses"))[0] == HEADER.split(",")  # still exactly twelve
    ok(import_text(tmp_path, "responses", SERVED))
    assert Response.objects.of(workspace).get(external_id="s1").employee == anna
    assert Response.objects.of(workspace).get(external_id="s2").employee is None
    exported = export_text("responses")
    rows = rows_of(exported)
    assert rows[0] == [*HEADER.split(","), "employee"]
    by_response = {(r[0], r[-1]) for r in rows[1:]}
    assert (
        ("s1", "E-ANNA") in by_response and ("s2", "") in by_response and ("r1", "") in by_response
    )
    # The export imports again unchanged (the same content is skipped), with or without the column.
    again = ok(import_text(tmp_path, "responses", exported))
    assert "responses: 0 created, 0 updated, 6 unchanged" in again.output
    # Without the column, s1 is the same response: its employee stays as stored.
    twelve = "\n".join(line.rsplit(",", 1)[0] for line in SERVED.splitlines()) + "\n"
    again = ok(import_text(tmp_path, "responses", twelve))
    assert "responses: 0 created, 0 updated, 2 unchanged" in again.output
    assert Response.objects.of(workspace).get(external_id="s1").employee == anna
    # With it, another employee for s1 is other content: answers are never rewritten.
    lines = refused(import_text(tmp_path, "responses", SERVED.replace("E-ANNA", "")))
    assert any("s1 is already stored with other content" in line for line in lines), lines


def test_a_bad_employee_in_the_csv_is_a_bad_row_naming_the_column(
    workspace, standards, anna, tmp_path
):
    text = SERVED.replace("E-ANNA\n", "C-1\n", 1).replace(",E-ANNA\n", ",C-1\n")
    lines = refused(import_text(tmp_path, "responses", text))
    assert any(":2: employee:" in line and "not an employee" in line for line in lines), lines
    text = (
        HEADER
        + ",employee\ne1,2026-03-04T10:00:00Z,,employee,E9,SALES,,,,GREET,experience,6,E-ANNA\n"
    )
    lines = refused(import_text(tmp_path, "responses", text))
    assert any(":2: employee:" in line for line in lines), lines
    assert Response.objects.of(workspace).count() == 0


def test_export_and_erasure_of_the_employee_handle_the_responses_naming_them(
    workspace, standards, anna
):
    r = record_response(workspace, body(employee="E-ANNA", respondent="C-1"))
    doc = export_person(workspace, anna)
    assert [s["id"] for s in doc["responses_served"]] == [r.pk]
    assert doc["responses_served"][0]["comments"] == ["Anna knew my name"]
    assert "C-1" not in json.dumps(doc["responses_served"])  # not the customer
    erase_person(workspace, anna, actor="test")
    r.refresh_from_db()
    assert r.employee is None and r.respondent.code == "C-1"
    texts = dict(Answer.objects.of(workspace).filter(response=r).values_list("kind", "value_text"))
    assert texts["text"] == "[erased]"
    assert Answer.objects.of(workspace).get(response=r, kind="experience").value_num == 4
