"""Markup in an imported file is shown as text on every Imports page (security review, issue 11).

Each importer gets a file whose text carries markup where its report names what the file holds
(an unknown column, a question code, an unsupported question type, a Qualtrics export's column
headers, time zone and values), under a file name that is markup too. Upload page, job page (its
problems or unsupported items) and the mapping page of a Qualtrics response export must show it
escaped: the raw tag never, its escaped form always. Before the fix the time zone of a Qualtrics
export reached the mapping page's help text through ``|safe`` as live markup.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from servicegap.transfer.registry import get_kind, names
from tests.invitation_support import run_worker

pytestmark = pytest.mark.django_db
SHARED = Path(__file__).resolve().parents[3] / "shared" / "fixtures"
QUALTRICS_CSV = SHARED / "qualtrics" / "sample.csv"
QSF = SHARED / "qualtrics" / "Single_Answer_MC_Questions.qsf"
LSS = SHARED / "limesurvey" / "limesurvey_survey_rankingNative.lss"
PAYLOADS = [
    "<b id=x>",
    '<meta http-equiv="refresh" content="0;url=http://evil.test/">',
    '"><form action=//evil.test>',
]
NAME = "<b id=x>"  # the file name too (a "/" would be cut by the upload)


@pytest.fixture(autouse=True)
def _data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))


def assert_shown_escaped(page: str, text: str) -> None:
    tag = text[text.index("<") :]
    assert tag not in page, f"raw markup on the page: {tag}"
    assert escape(text) in page, f"not shown (escaped): {text}"


def csv_bytes(*rows: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def table_file(kind: str) -> Callable[[str], bytes]:
    """A CSV file of ``kind`` whose header has the payload as an unknown column."""
    return lambda payload: csv_bytes([*get_kind(kind).columns, payload])


def lss_file(payload: str) -> bytes:
    """LimeSurvey's ranking test survey with the payload as its question's code."""
    text = LSS.read_text(encoding="utf-8")
    assert text.count("<![CDATA[Rank]]>") == 1
    return text.replace("<![CDATA[Rank]]>", f"<![CDATA[{payload}]]>").encode()


def qsf_file(payload: str) -> bytes:
    """A Qualtrics survey whose first question has the payload as its (unsupported) type."""
    document = json.loads(QSF.read_text(encoding="utf-8"))
    first = next(e for e in document["SurveyElements"] if e["Element"] == "SQ")
    first["Payload"]["QuestionType"] = payload
    return json.dumps(document).encode()


# kind -> (file suffix, file with the payload, extra upload fields)
CASES: dict[str, tuple[str, Callable[[str], bytes], dict[str, str]]] = {
    **{
        kind: (".csv", table_file(kind), {})
        for kind in (
            "units",
            "standards",
            "journeys",
            "people",
            "responses",
            "feedback",
            "transactions",
            "actions",
            "links",
            "training",
            "indicator-definitions",
            "indicators",
            "competitors",
        )
    },
    "limesurvey": (".lss", lss_file, {"code": "LSX"}),
    "qualtrics-survey": (".qsf", qsf_file, {"code": "QSX"}),
    "limesurvey-responses": (".csv", lambda p: ls_responses_file(p), {"survey": "LSR"}),
}


def ls_responses_file(payload: str) -> bytes:
    """A LimeSurvey response export with the payload as a column no question answers (the
    refusal names it); the survey it goes into is made here, as the upload needs one."""
    from servicegap.core.models import Workspace
    from servicegap.surveys.models import Survey

    Survey.objects.get_or_create(
        workspace=Workspace.objects.get(slug="acme"), code="LSR", defaults={"title": "LSR"}
    )
    return csv_bytes(["id", "submitdate", payload], ["1", "2024-01-02 10:00:00", "x"])


def upload(client, kind: str, data: bytes, suffix: str, **extra: str):
    file = SimpleUploadedFile(NAME + suffix, data, content_type="text/csv")
    return client.post("/w/acme/imports/", {"kind": kind, "file": file, "mode": "all", **extra})


def the_job():
    from servicegap.imports.models import ImportJob

    [job] = ImportJob.objects.all()
    return job


def test_no_html_template_turns_escaping_off():
    """Text is escaped everywhere; markup the server builds is a SafeString (format_html, or the
    one mark_safe of the 2FA QR code), never ``|safe`` on whatever a template is given. The
    ``autoescape off`` of the plain-text mails is fine: they are not HTML."""
    root = Path(__file__).resolve().parents[2] / "servicegap"
    found = [
        f"{path.relative_to(root)}: {marker}"
        for path in sorted(root.rglob("templates/**/*.html"))
        for marker in ("|safe", "autoescape off")
        if marker in path.read_text(encoding="utf-8")
    ]
    assert found == []


def test_every_importer_has_a_markup_case():
    assert set(CASES) | {"qualtrics-responses", "wide"} == set(names())


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("kind", sorted(CASES))
def test_markup_in_a_file_is_escaped_on_the_upload_and_job_pages(
    login, workspace, monkeypatch, kind, payload
):
    suffix, make, extra = CASES[kind]
    client = login("owner")
    r = upload(client, kind, make(payload), suffix, **extra)
    job = the_job()
    assert r.status_code == 302 and r["Location"] == f"/w/acme/imports/{job.pk}/"
    run_worker(monkeypatch)
    job.refresh_from_db()
    assert payload in job.errors  # the report names it: the page must show it, as text
    page = client.get(f"/w/acme/imports/{job.pk}/").content.decode()
    assert_shown_escaped(page, payload)
    assert_shown_escaped(page, NAME + suffix)
    fragment = client.get(f"/w/acme/imports/{job.pk}/", HTTP_HX_REQUEST="true")
    assert_shown_escaped(fragment.content.decode(), payload)
    assert_shown_escaped(client.get("/w/acme/imports/").content.decode(), NAME + suffix)


# Qualtrics response exports: the upload page's problems, the mapping page, the job page


@pytest.fixture
def sample_survey(workspace):
    from servicegap.surveys.models import Question, Survey

    survey = Survey.objects.create(workspace=workspace, code="SAMPLE", title="Sample")
    for position, (code, kind) in enumerate([("Q1", "choice"), ("Q2", "text")], start=1):
        Question.objects.create(
            workspace=workspace, survey=survey, code=code, kind=kind, position=position
        )
    return survey


def qualtrics_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(QUALTRICS_CSV.read_text(encoding="utf-8"))))


def export_with(payload: str) -> bytes:
    """The real export with the payload as the time zone of its dates (row 3), as the question
    text of Q2 (row 2), as Q2's answer and as Q1's answer (not one of the choices)."""
    rows = qualtrics_rows()
    ids = rows[0]
    recorded, q1, q2 = ids.index("RecordedDate"), ids.index("Q1"), ids.index("Q2")
    rows[2][recorded] = json.dumps({"ImportId": "recordedDate", "timeZone": payload})
    rows[1][q2] = payload
    rows[3][q1], rows[3][q2] = payload, payload
    return csv_bytes(*rows)


def upload_export(client, data: bytes):
    file = SimpleUploadedFile(NAME + ".csv", data, content_type="text/csv")
    return client.post(
        "/w/acme/imports/",
        {"kind": "qualtrics-responses", "file": file, "survey": "SAMPLE", "mode": "all"},
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_a_qualtrics_export_is_escaped_on_the_mapping_and_job_pages(
    login, sample_survey, monkeypatch, payload
):
    client = login("owner")
    r = upload_export(client, export_with(payload))
    job = the_job()
    assert r["Location"] == f"/w/acme/imports/{job.pk}/mapping/"
    page = client.get(r["Location"]).content.decode()
    assert f"Empty: the export’s own, {escape(payload)}." in page  # the time zone's help text
    assert_shown_escaped(page, payload)
    assert_shown_escaped(page, NAME + ".csv")

    # a mapping the page refuses shows it again, escaped, with its problems
    bad = client.post(r["Location"], {"mode": "all", "time_zone": payload})
    assert bad.status_code == 400
    assert_shown_escaped(bad.content.decode(), payload)

    # the mapping as proposed: the job reports the bad zone and choice, naming them
    from tests.imports.test_qualtrics_mapping import submit

    assert submit(client, job).status_code == 302
    run_worker(monkeypatch)
    job.refresh_from_db()
    assert job.state == "failed" and payload in job.errors
    page = client.get(f"/w/acme/imports/{job.pk}/").content.decode()
    assert_shown_escaped(page, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_a_qualtrics_exports_header_is_escaped_on_the_upload_page(
    login, sample_survey, payload
):
    rows = qualtrics_rows()
    rows[0][-2] = rows[0][-1] = payload  # a column named twice, with the same ImportId: refused
    rows[2][-1] = rows[2][-2]
    r = upload_export(login("owner"), csv_bytes(*rows))
    page = r.content.decode()
    assert r.status_code == 400 and "appears twice in the header" in page
    assert_shown_escaped(page, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_a_wide_files_header_and_values_is_escaped_on_the_mapping_page(
    login, sample_survey, payload
):
    data = csv_bytes(["Timestamp", payload], ["2024-01-02 10:00:00", payload])
    file = SimpleUploadedFile(NAME + ".csv", data, content_type="text/csv")
    client = login("owner")
    r = client.post(
        "/w/acme/imports/", {"kind": "wide", "file": file, "survey": "SAMPLE", "mode": "all"}
    )
    assert r["Location"] == f"/w/acme/imports/{the_job().pk}/mapping/"
    page = client.get(r["Location"]).content.decode()
    assert_shown_escaped(page, payload)
    assert_shown_escaped(page, NAME + ".csv")
