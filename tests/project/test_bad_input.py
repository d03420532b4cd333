"""The corpus of bad inputs: every way in refuses them with a 4xx (or the CLI's exit 1) and a
message naming the field or line, stores nothing, and never answers 500 or a traceback.

Covers API ingest, the public endpoints and `servicegap import` (CSV, xlsx, Parquet, LimeSurvey
.lss): malformed CSV and XML, XML entity bombs, a zip bomb, files and bodies over the limits,
invalid UTF-8, NUL characters (which PostgreSQL cannot store), out-of-range values and values of
the wrong type. XSS and SQL-injection strings are stored verbatim as text and escaped when shown.
Single cases already covered elsewhere (tests/api/test_ingest.py, tests/channels/test_public_api.py,
tests/transfer/test_import_export.py, tests/surveys/test_import_*.py) are not repeated here.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from tests.transfer.test_import_export import cli, ok, refused, write

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQLI = "x'); DROP TABLE surveys_response; --"
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b"]>\n<document>&lol9;</document>\n"
)
RESPONSE = {
    "submitted_at": "2026-03-01T10:00:00Z",
    "perspective": "customer",
    "unit": "SALES",
    "answers": [
        {"item": "GREET", "kind": "expectation", "value": 6},
        {"item": "GREET", "kind": "experience", "value": 4},
    ],
}
HEADER = "response_id,submitted_at,time_zone,perspective,respondent,unit,supplier,touchpoint,survey,item,kind,value"
GOOD_ROW = "r1,2026-03-01T10:00:00Z,,customer,C1,SALES,,,,GREET,experience,4"


def counts() -> dict[str, int]:
    from servicegap.channels.models import KioskTap
    from servicegap.core.models import IdempotencyKey
    from servicegap.feedback.models import Feedback
    from servicegap.people.models import Person, Unit
    from servicegap.standards.models import Standard
    from servicegap.surveys.models import Answer, Response, Survey

    models = (Response, Answer, Feedback, KioskTap, Person, Unit, Standard, Survey, IdempotencyKey)
    return {m.__name__: m.objects.count() for m in models}


@pytest.fixture
def unchanged(standards):
    """Asserts after the test that no row of any kind was added or removed."""
    before = counts()
    yield
    assert counts() == before


def with_answer(**change) -> dict:
    return {**RESPONSE, "answers": [{**RESPONSE["answers"][0], **change}]}


# --- API ingest ---------------------------------------------------------------------------------

# (endpoint, body: a JSON value or raw bytes, status, the field the error names)
API_CASES = {
    "truncated JSON": ("responses", b'{"perspective": "customer", "answers": [', 400, "body"),
    "invalid UTF-8 in a batch": ("responses:batch", b'{"responses": ["\xff"]}', 400, "body"),
    "invalid UTF-8 in feedback": ("feedback", b'{"kind": "idea", "text": "\xc3("}', 400, "body"),
    "nested 100,000 deep": ("responses", b"[" * 100_000 + b"]" * 100_000, 400, "body"),
    "NaN": ("responses", b'{"answers": [{"value": NaN}]}', 400, "body"),
    "XML sent as JSON": ("feedback", BILLION_LAUGHS, 400, "body"),
    "NUL in a code": ("responses", {**RESPONSE, "respondent": "C\x001"}, 422, "respondent"),
    "NUL in a batch": (
        "responses:batch",
        {"responses": [RESPONSE, with_answer(kind="text", item=None, value="a\x00b")]},
        422,
        "responses[1].answers[0].value",
    ),
    "NUL in feedback": ("feedback", {"kind": "idea", "text": "\x00"}, 422, "text"),
    "NUL in a key": ("feedback", {"kind": "idea", "text": "x", "a\x00": 1}, 422, "a\x00"),
    "value above the scale": ("responses", with_answer(value=8), 422, "answers[0].value"),
    "value below the scale": ("responses", with_answer(value=0), 422, "answers[0].value"),
    "value not whole": ("responses", with_answer(value=4.5), 422, "answers[0].value"),
    "value 1e400": (
        "responses",
        json.dumps(with_answer(value=123456)).replace("123456", "1e400").encode(),
        422,
        "answers[0].value",
    ),
    "value true": ("responses", with_answer(value=True), 422, "answers[0].value"),
    "nps 11": ("responses", with_answer(kind="nps", item=None, value=11), 422, "answers[0].value"),
    "item a list": ("responses", with_answer(item=["GREET"]), 422, "answers[0].item"),
    "item a number": ("responses", with_answer(item=7), 422, "answers[0].item"),
    "unknown kind": ("responses", with_answer(kind="mood"), 422, "answers[0].kind"),
    "no such day": (
        "responses",
        {**RESPONSE, "submitted_at": "2026-02-30T10:00:00Z"},
        422,
        "submitted_at",
    ),
    "before year 1 in UTC": (
        "responses",
        {**RESPONSE, "submitted_at": "0001-01-01T00:00:00+01:00"},
        422,
        "submitted_at",
    ),
    "after year 9999 in UTC": (
        "responses",
        {**RESPONSE, "submitted_at": "9999-12-31T23:59:59-01:00"},
        422,
        "submitted_at",
    ),
    "zone name too long": ("responses", {**RESPONSE, "time_zone": "A" * 300}, 422, "time_zone"),
    "zone a path": ("responses", {**RESPONSE, "time_zone": "../../etc/passwd"}, 422, "time_zone"),
    "SQL injection as a code": ("responses", {**RESPONSE, "unit": SQLI}, 422, "unit"),
    "code too long": ("responses", {**RESPONSE, "respondent": "C" * 65}, 422, "respondent"),
    "1,001 answers": (
        "responses",
        {**RESPONSE, "answers": [{"kind": "text", "value": str(i)} for i in range(1001)]},
        422,
        "answers",
    ),
    "answers an object": ("responses", {**RESPONSE, "answers": {"0": 1}}, 422, "answers"),
    "feedback text too long": ("feedback", {"kind": "idea", "text": "x" * 10_001}, 422, "text"),
    "feedback submitted far ahead": (
        "feedback",
        {"kind": "idea", "text": "x", "submitted_at": "0001-01-01T00:00:00+00:01"},
        422,
        "submitted_at",
    ),
}


@pytest.mark.parametrize(("endpoint", "body", "status", "field"), API_CASES.values(), ids=API_CASES)
def test_api_ingest_refuses_bad_input_naming_the_field_and_stores_nothing(
    client, api_key, unchanged, endpoint, body, status, field
):
    raw = body if isinstance(body, bytes) else json.dumps(body)
    r = client.post(
        f"/api/v1/{endpoint}",
        data=raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_key}",
        HTTP_IDEMPOTENCY_KEY="bad-input-1",
    )
    assert r.status_code == status, r.content[:500]
    assert r["Content-Type"].startswith("application/json")
    answer = r.json()
    assert answer["field"] == field and answer["error"]


@pytest.mark.parametrize("endpoint", ["responses", "responses:batch", "feedback"])
def test_api_bodies_over_the_limit_are_413_before_they_are_read(
    client, api_key, unchanged, settings, endpoint
):
    settings.MAX_BODY_BYTES = settings.MAX_BATCH_BYTES = 2048
    body = {"kind": "idea", "text": "x" * 5000, "responses": [RESPONSE] * 40}
    r = client.post(
        f"/api/v1/{endpoint}",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_key}",
    )
    assert r.status_code == 413 and r.json() == {
        "error": "the request body is larger than 2048 bytes",
        "field": "body",
    }


@pytest.mark.parametrize("text", [XSS, SQLI, "\u202egnp.exe", "😀" * 100, "a\r\nb\tc"])
def test_hostile_text_is_stored_verbatim_and_the_tables_stay_intact(
    client, api_key, standards, text
):
    from servicegap.feedback.models import Feedback
    from servicegap.surveys.models import Answer, Response

    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_key}"}
    body = {**RESPONSE, "answers": [*RESPONSE["answers"], {"kind": "text", "value": text}]}
    r = client.post("/api/v1/responses", json.dumps(body), "application/json", **auth)
    assert r.status_code == 201, r.content
    assert Answer.objects.get(response_id=r.json()["id"], kind="text").value_text == text
    r = client.post(
        "/api/v1/feedback", json.dumps({"kind": "idea", "text": text}), "application/json", **auth
    )
    assert r.status_code == 201 and Feedback.objects.get().text == text
    assert Response.objects.count() == 1


# --- public endpoints ---------------------------------------------------------------------------

# (path under /api/v1/public/acme/, body, the field the error names); all 422
PUBLIC_CASES = {
    "tap invalid UTF-8": ("taps", b'{"kiosk": "\xff"}', ""),
    "tap NUL": (
        "taps",
        {"kiosk": "k", "moment": "magic", "client_id": "abcdefgh\x00"},
        "client_id",
    ),
    "tap before year 1 in UTC": ("taps", "TAPPED_AT", "submitted_at"),
    "tap zone name too long": ("taps", "ZONE", "time_zone"),
    "feedback invalid UTF-8": ("feedback", b'{"kind": "idea", "text": "\xe9"}', ""),
    "feedback NUL": ("feedback", {"kind": "idea", "text": "x", "contact": "\x00"}, "contact"),
    "feedback not an object": ("feedback", b'"idea"', ""),
    "feedback text a list": ("feedback", {"kind": "idea", "text": ["x"]}, "text"),
    "feedback SQL injection as a unit": (
        "feedback",
        {"kind": "idea", "text": "x", "unit": SQLI},
        "unit",
    ),
}


@pytest.mark.parametrize(("path", "body", "field"), PUBLIC_CASES.values(), ids=PUBLIC_CASES)
def test_public_endpoints_refuse_bad_input_with_422_and_store_nothing(
    client, unchanged, workspace, path, body, field
):
    from tests.channels.test_public_api import kiosk as make_kiosk
    from tests.channels.test_public_api import tap

    if body in ("TAPPED_AT", "ZONE"):
        kiosk = make_kiosk.__wrapped__(workspace)
        change = {"tapped_at": "0001-01-01T00:00:00+01:00"} if body == "TAPPED_AT" else {}
        change = change or {"time_zone": "Z" * 300}
        body = {**tap(kiosk), **change}
    raw = body if isinstance(body, bytes) else json.dumps(body)
    r = client.post(f"/api/v1/public/acme/{path}", raw, content_type="application/json")
    assert r.status_code == 422, r.content
    assert r.json()["field"] == field and r.json()["error"]


def test_a_nul_in_an_api_path_is_404_and_in_a_report_parameter_422(client, api_key):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_key}"}
    assert client.get("/api/v1/standards/GR%00EET", **auth).status_code == 404
    assert (
        client.post("/api/v1/public/ac%00me/feedback", "{}", "application/json").status_code == 404
    )
    r = client.get("/api/v1/reports/gaps?unit=SA%00LES", **auth)
    assert r.status_code == 422 and r.json()["field"] == "unit"


def test_a_people_page_past_any_offset_the_database_takes_is_422(client, api_key):
    r = client.get("/api/v1/people?page=193546160178341632", HTTP_AUTHORIZATION=f"Bearer {api_key}")
    assert r.status_code == 422 and r.json()["field"] == "page"


# --- servicegap import ----------------------------------------------------------------------------


def xlsx_bomb() -> bytes:
    """A workbook of a few hundred kB whose sheet unpacks to 300 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"<row/>" * 100_000
            for _ in range(500):
                sheet.write(chunk)
    return out.getvalue()


def parquet_bomb() -> bytes:
    """A few kB of Parquet holding 60 million cells (one run-length encoded value)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = io.BytesIO()
    table = pa.table({"code": pa.repeat("U", 30_000_000), "name": pa.repeat("x", 30_000_000)})
    pq.write_table(table, out, compression="zstd")
    return out.getvalue()


# (kind, file name, content, what stderr says after "FILE")
IMPORT_CASES = {
    "CSV unterminated quote": (
        "responses",
        "r.csv",
        f'{HEADER}\n{GOOD_ROW}\nr2,"2026-03-01T10:00:00Z,,customer\n'.encode(),
        ":3: not readable as CSV: unexpected end of data",
    ),
    "CSV field over 131,072 characters": (
        "feedback",
        "f.csv",
        (
            "feedback_id,submitted_at,kind,text,touchpoint,unit,employee,contact,consent\n"
            f'f1,2026-03-01T10:00:00Z,idea,"{"x" * 200_000}",,,,,\n'
        ).encode(),
        ":2: not readable as CSV: field larger than field limit",
    ),
    "CSV invalid UTF-8 in a text answer": (
        "responses",
        "r.csv",
        f"{HEADER}\n{GOOD_ROW}\nr2,2026-03-01T10:00:00Z,,customer,,,,,,,text,caf".encode()
        + b"\xe9\n",
        ":3: not valid UTF-8 (byte 0xe9)",
    ),
    "CSV with a NUL byte": (
        "responses",
        "r.csv",
        f"{HEADER}\n{GOOD_ROW}\nr2,2026-03-01T10:00:00Z,,customer,,,,,,,text,a\x00b\n".encode(),
        ":3: holds a NUL byte (0x00)",
    ),
    "CSV in UTF-16 without a BOM": (
        "units",
        "u.csv",
        "code,name,parent\nX,Y,\n".encode("utf-16-le"),
        ":1: holds a NUL byte (0x00)",
    ),
    "CSV nps 11": (
        "responses",
        "r.csv",
        f"{HEADER}\n{GOOD_ROW}\nr2,2026-03-01T10:00:00Z,,customer,,,,,,,nps,11\n".encode(),
        ":3: value: nps must be between 0 and 10",
    ),
    "CSV date out of range": (
        "responses",
        "r.csv",
        f"{HEADER}\nr1,0001-01-01T00:00:00+01:00,,customer,,,,,,GREET,experience,4\n".encode(),
        ":2: submitted_at: '0001-01-01T00:00:00+01:00' is out of range in UTC",
    ),
    "xlsx zip bomb": ("units", "u.xlsx", "XLSX_BOMB", ": the workbook unpacks to 30"),
    "xlsx that is not a zip": (
        "units",
        "u.xlsx",
        b"PK\x03\x04" + b"\x00" * 100,
        ": not a readable xlsx workbook",
    ),
    "Parquet bomb": ("units", "u.parquet", "PARQUET_BOMB", ": the table holds 60,000,000 cells"),
    "Parquet that is not one": (
        "units",
        "u.parquet",
        b"PAR1" + b"\x00" * 100,
        ": not a readable Parquet file",
    ),
    "LimeSurvey billion laughs": (
        "limesurvey",
        "s.lss",
        BILLION_LAUGHS,
        ":2: XML: refused for safety",
    ),
    "LimeSurvey over 20 MB": (
        "limesurvey",
        "s.lss",
        b"<document>" + b" " * (20 * 1024 * 1024) + b"</document>",
        ": the file is 20,971,541 bytes; at most 20,971,520 are read",
    ),
    "LimeSurvey truncated": (
        "limesurvey",
        "s.lss",
        b"<document>\n<LimeSurveyDocType>Survey</Lime",
        ":2: XML: not readable as XML",
    ),
}


@pytest.mark.parametrize(
    ("kind", "name", "data", "expected"), IMPORT_CASES.values(), ids=IMPORT_CASES
)
def test_import_refuses_bad_files_naming_the_line_and_stores_nothing(
    tmp_path, unchanged, kind, name, data, expected
):
    data = {"XLSX_BOMB": xlsx_bomb, "PARQUET_BOMB": parquet_bomb}.get(data, lambda: data)()
    path = write(tmp_path, name, data)
    result = refused(cli("import", kind, path))
    assert f"{path}{expected}" in result.stderr, result.stderr[:2000]


@pytest.mark.parametrize("text", [XSS, SQLI])
def test_imported_hostile_text_is_stored_verbatim_and_escaped_on_the_page(
    tmp_path, login, standards, text
):
    from servicegap.standards.models import Standard

    quoted = text.replace('"', '""')
    csv = f'code,title,dimension\nX1,"{quoted}",people\n"{SQLI}",T,people\n'
    ok(cli("import", "standards", write(tmp_path, "s.csv", csv)))
    assert Standard.objects.get(code="X1").title == text
    assert Standard.objects.filter(code=SQLI).exists()  # a code may hold quotes: bound, not spliced
    page = login("owner").get("/w/acme/standards/").content.decode()
    assert text not in page
    assert "&lt;script&gt;" in page if text == XSS else "&#x27;); DROP TABLE" in page


def test_a_zip_bomb_uploaded_on_the_imports_page_fails_without_being_unpacked(
    login, workspace, monkeypatch, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from servicegap.imports.models import ImportJob
    from tests.invitation_support import run_worker

    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))
    before = counts()
    file = SimpleUploadedFile("units.xlsx", xlsx_bomb())
    r = login("owner").post("/w/acme/imports/", {"kind": "units", "file": file, "mode": "all"})
    assert r.status_code == 302, r.content[:500]
    run_worker(monkeypatch)
    job = ImportJob.objects.get()
    assert job.state == "failed" and "units.xlsx: the workbook unpacks to 30" in job.errors
    assert counts() == before


def test_the_limits_of_this_corpus_are_the_documented_ones():
    from servicegap.lib.xmlread import MAX_BYTES
    from servicegap.transfer.sheets import MAX_UNPACKED, PARQUET_MAX_CELLS

    assert MAX_BYTES == 20 * 1024 * 1024
    assert MAX_UNPACKED < 300 * 1024 * 1024 and PARQUET_MAX_CELLS < 60_000_000
    assert "256 MB" in (Path(__file__).parents[2] / "docs" / "formats.md").read_text()
