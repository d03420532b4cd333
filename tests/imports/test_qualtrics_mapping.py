"""The Imports page for Qualtrics response exports: upload the real export with its survey, check
and adjust the proposed column mapping on the mapping page, then the worker imports it."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.invitation_support import run_worker

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "qualtrics"
SAMPLE = FIXTURES / "sample.csv"
LEGACY = FIXTURES / "sample_legacy.csv"
MC_CSV = FIXTURES / "Single_Answer_MC_Questions (Insights).csv"
MC_QSF = FIXTURES / "Single_Answer_MC_Questions.qsf"
SELECT = re.compile(r'<select name="(col-\d+)"[^>]*>(.*?)</select>', re.S)
COLUMN_INDEX = {"RecordedDate": 7, "Q1": 17, "Q2": 18}  # of sample.csv
SELECTED = re.compile(r'<option value="([^"]*)"[^>]*\bselected>')


@pytest.fixture(autouse=True)
def _data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))


@pytest.fixture
def sample_survey(workspace):
    from servicegap.surveys.models import Question, Survey

    survey = Survey.objects.create(workspace=workspace, code="SAMPLE", title="Sample")
    for position, (code, kind) in enumerate([("Q1", "choice"), ("Q2", "text")], start=1):
        Question.objects.create(
            workspace=workspace, survey=survey, code=code, kind=kind, position=position
        )
    return survey


def upload(client, path: Path, survey: str = "SAMPLE", mode: str = "all", data: bytes = b""):
    file = SimpleUploadedFile(path.name, data or path.read_bytes(), content_type="text/csv")
    return client.post(
        "/w/acme/imports/",
        {"kind": "qualtrics-responses", "file": file, "survey": survey, "mode": mode},
    )


def the_job():
    from servicegap.imports.models import ImportJob

    [job] = ImportJob.objects.all()
    return job


def selects(page: str) -> dict[str, str]:
    """The value each column's select has selected, by field name."""
    out = {}
    for name, options in SELECT.findall(page):
        chosen = SELECTED.findall(options)
        out[name] = unescape(chosen[0]) if chosen else ""
    return out


def submit(client, job, changes: dict[str, str] | None = None, **extra):
    """Post the mapping page as shown (the proposal), with ``changes`` by column id."""
    from servicegap.lib.qualtrics import read_export

    page = client.get(f"/w/acme/imports/{job.pk}/mapping/").content.decode()
    data = {"mode": "all", **selects(page), **extra}
    export = read_export(job.upload_path.read_text(encoding="utf-8"))
    for column in export.columns:
        if changes and column.id in changes:
            data[f"col-{column.index}"] = changes[column.id]
    return client.post(f"/w/acme/imports/{job.pk}/mapping/", data)


def responses(code: str):
    from servicegap.surveys.models import Response

    return Response.objects.filter(survey__code=code)


def answers(code: str) -> set[tuple[str, str, object]]:
    from servicegap.surveys.models import Answer

    rows = Answer.objects.filter(response__survey__code=code)
    return {(a.item, a.kind, a.value) for a in rows}


def queued_tasks() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.count()


def test_an_uploaded_export_waits_on_a_mapping_page_with_every_column_and_the_cli_proposal(
    login, workspace, sample_survey
):
    from servicegap.lib.qualtrics import read_export, read_mapping
    from servicegap.surveys.transfer.qualtrics import proposal

    client = login("owner")
    r = upload(client, SAMPLE)
    job = the_job()
    assert r.status_code == 302 and r["Location"] == f"/w/acme/imports/{job.pk}/mapping/"
    assert job.state == "mapping" and job.options == {"skip_invalid": False, "survey": "SAMPLE"}
    assert job.upload_path.read_bytes() == SAMPLE.read_bytes() and queued_tasks() == 0
    assert client.get(f"/w/acme/imports/{job.pk}/")["Location"].endswith("/mapping/")

    page = client.get(r["Location"]).content.decode()
    assert "20 columns and 1 response" in page and "survey <strong>SAMPLE</strong>" in page
    for header_text in ("RecipientLastName", "Nachname des Empfängers", "ImportId QID1"):
        assert header_text in page
    assert "<li>Hello World!</li>" in page and "<li>R_2YPOQ602ER1jkf1</li>" in page
    # every column has a select, pre-filled with what the command line proposes
    export = read_export(SAMPLE.read_text(encoding="utf-8"))
    cli = {t.column: t for t in read_mapping(proposal(workspace, sample_survey, export))}
    shown = selects(page)
    assert len(shown) == len(export.columns) == 20
    for column in export.columns:
        t = cli[column.id]
        want = "" if t.kind == "skip" else ",".join(filter(None, [t.item, t.kind, t.value]))
        want = "," + want if not t.item and want else want
        assert shown[f"col-{column.index}"] == want, column.id
    assert shown["col-7"] == ",submitted_at" and shown["col-17"] == "Q1,choice"
    assert shown["col-18"] == "Q2,text" and shown["col-3"] == ""  # IPAddress: ignored


def test_the_submitted_mapping_runs_as_a_job_and_stores_the_responses(
    login, workspace, sample_survey, monkeypatch
):
    client = login("leader")
    upload(client, SAMPLE)
    job = the_job()
    r = submit(client, job, {"UserLanguage": ""}, time_zone="Europe/Zurich")
    assert r.status_code == 302 and r["Location"] == f"/w/acme/imports/{job.pk}/"
    job.refresh_from_db()
    assert job.state == "queued" and not responses("SAMPLE").exists()
    assert job.options["time_zone"] == "Europe/Zurich"
    rows = list(csv.DictReader(io.StringIO(job.options["mapping"])))
    assert {"column": "Q1", "item": "Q1", "kind": "choice"}.items() <= rows[17].items()
    assert "Waiting for the worker" in client.get(r["Location"]).content.decode()

    run_worker(monkeypatch)

    job.refresh_from_db()
    assert job.state == "done" and (job.created, job.rejected) == (1, 0)
    response = responses("SAMPLE").get()
    assert response.external_id == "R_2YPOQ602ER1jkf1"
    assert response.submitted_at.isoformat() == "2017-07-18T06:28:48+00:00"  # read in Zurich
    assert answers("SAMPLE") == {("Q1", "choice", "2"), ("Q2", "text", "Hello World!")}
    page = client.get(r["Location"]).content.decode()
    assert "Status: Done" in page and "answering survey SAMPLE" in page and "1 created" in page
    # the mapping page of a queued job goes to the job, never queues it twice
    assert client.get(f"/w/acme/imports/{job.pk}/mapping/")["Location"] == r["Location"]
    assert submit(client, job).status_code == 302 and responses("SAMPLE").count() == 1


def test_a_changed_select_is_what_the_job_imports(login, workspace, sample_survey, monkeypatch):
    from servicegap.surveys.models import Question

    Question.objects.create(
        workspace=workspace, survey=sample_survey, code="COMMENT", kind="text", position=3
    )
    client = login("owner")
    upload(client, SAMPLE)
    assert (
        "COMMENT · text" in client.get(f"/w/acme/imports/{the_job().pk}/mapping/").content.decode()
    )
    submit(client, the_job(), {"Q2": "COMMENT,text", "Q1": ""})
    run_worker(monkeypatch)
    assert answers("SAMPLE") == {("COMMENT", "text", "Hello World!")}


def test_skip_invalid_writes_the_good_rows_and_offers_the_rejected_ones(
    login, workspace, sample_survey, monkeypatch
):
    from servicegap.surveys.models import Question

    Question.objects.filter(code="Q1").update(kind="nps")
    text = SAMPLE.read_text(encoding="utf-8")
    bad = text.splitlines()[3].replace("R_2YP", "R_3YP").replace(",DE,2,Hello", ",DE,11,Hello")
    client = login("owner")
    upload(client, SAMPLE, mode="skip", data=(text + bad + "\n").encode())
    page = client.get(f"/w/acme/imports/{the_job().pk}/mapping/").content.decode()
    assert 'value="skip" id="id_mode_1" required checked' in page
    submit(client, the_job(), {"Q1": ",nps"}, mode="skip")
    run_worker(monkeypatch)
    job = the_job()
    assert job.state == "done" and (job.created, job.rejected) == (1, 1)
    assert responses("SAMPLE").get().external_id == "R_2YPOQ602ER1jkf1"
    assert "sample.csv:5: Q1: nps must be between 0 and 10" in job.errors
    r = client.get(f"/w/acme/imports/{job.pk}/rejects.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(r.streaming_content).decode())))
    assert [(row["line"], row["ResponseId"]) for row in rows] == [("5", "R_3YPOQ602ER1jkf1")]


def test_all_or_nothing_fails_the_job_with_file_line_column_reason_and_stores_nothing(
    login, workspace, sample_survey, monkeypatch
):
    from servicegap.surveys.models import Question

    Question.objects.filter(code="Q1").update(kind="nps")
    data = SAMPLE.read_text(encoding="utf-8").replace(",DE,2,Hello", ",DE,11,Hello").encode()
    client = login("owner")
    upload(client, SAMPLE, data=data)
    submit(client, the_job(), {"Q1": ",nps"})
    run_worker(monkeypatch)
    job = the_job()
    assert job.state == "failed" and not responses("SAMPLE").exists()
    page = client.get(f"/w/acme/imports/{job.pk}/").content.decode()
    assert "sample.csv:4: Q1: nps must be between 0 and 10, not &#x27;11&#x27;" in page
    assert "nothing was written" in page


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"Q2": "NOPE,text"},
            "Q2: no question of survey SAMPLE or standard with code &#x27;NOPE&#x27;",
        ),
        ({"Q2": "Q2,rating"}, "Q2: question Q2 of survey SAMPLE takes text, not rating"),
        ({"Q1": "Q1,nps"}, "Q1: a nps answer takes no item"),
        ({"Q1": "Q1,choices"}, "Q1: &#x27;choices&#x27; is not allowed"),
        ({"Q1": "Q1,choice,1,2"}, "Q1: is not one of the choices"),
        ({"RecordedDate": ""}, "map one column (e.g. RecordedDate) to submitted_at"),
        ({"EndDate": ",submitted_at"}, "RecordedDate: submitted_at is mapped twice"),
    ],
)
def test_a_bad_mapping_is_a_form_error_naming_the_column_and_nothing_is_queued(
    login, workspace, sample_survey, changes, problem
):
    client = login("owner")
    upload(client, SAMPLE)
    r = submit(client, the_job(), changes)
    page = r.content.decode()
    assert r.status_code == 400 and "nothing was imported" in page
    assert problem in page
    column = problem.split(":")[0]
    if column in COLUMN_INDEX:  # the summary links the problem to the column's select
        assert f'<li><a href="#id_col-{COLUMN_INDEX[column]}">{problem}' in page
    job = the_job()
    assert job.state == "mapping" and "mapping" not in job.options
    assert queued_tasks() == 0 and not responses("SAMPLE").exists()
    posted = next(iter(changes.values()))
    if posted:  # the posted choice stays selected, even when it is not one of the survey's
        assert posted in selects(page).values()


def test_a_bad_time_zone_is_a_form_error(login, workspace, sample_survey):
    client = login("owner")
    upload(client, SAMPLE)
    r = submit(client, the_job(), time_zone="Mars/Olympus")
    assert r.status_code == 400 and "is not an IANA time zone name" in r.content.decode()
    assert the_job().state == "mapping"


def test_the_upload_needs_a_survey_and_a_current_qualtrics_export(login, sample_survey):
    from servicegap.imports.models import ImportJob

    client = login("owner")
    r = upload(client, SAMPLE, survey="")
    assert r.status_code == 400 and "Choose the survey these responses answer" in r.content.decode()
    r = upload(client, LEGACY)
    page = r.content.decode()
    assert (
        r.status_code == 400
        and "sample_legacy.csv:1: V1: this is a legacy Qualtrics export" in page
    )
    r = upload(client, SAMPLE, survey="NOPE")
    assert r.status_code == 400 and "Select a valid choice" in r.content.decode()
    assert not ImportJob.objects.exists()


def test_the_insights_export_maps_onto_the_survey_its_qsf_created(login, workspace, monkeypatch):
    from servicegap.transfer.filekinds import Options
    from servicegap.transfer.runner import run_import

    run_import(
        workspace, "qualtrics-survey", MC_QSF.read_bytes(), MC_QSF.name, options=Options(code="MC")
    )
    client = login("owner")
    upload(client, MC_CSV, survey="MC")
    page = client.get(f"/w/acme/imports/{the_job().pk}/mapping/").content.decode()
    assert "ImportId QID6" in page and "Q5 · choice" in page
    # Qualtrics generated the five as test responses (Status 2): the page offers to keep them
    assert "Also import the 5 rows marked as preview, test or spam" in page
    submit(client, the_job(), include_preview="on")
    run_worker(monkeypatch)
    assert the_job().state == "done" and responses("MC").count() == 5
    assert ("Q5", "choice", "13") in answers("MC")


def test_a_survey_deleted_before_the_mapping_fails_the_job_with_the_reason(login, sample_survey):
    client = login("owner")
    upload(client, SAMPLE)
    sample_survey.delete()
    job = the_job()
    r = client.get(f"/w/acme/imports/{job.pk}/mapping/")
    assert r["Location"] == f"/w/acme/imports/{job.pk}/"
    job.refresh_from_db()
    assert job.state == "failed" and "no survey with code 'SAMPLE'" in job.errors


@pytest.mark.parametrize("persona", ["manager", "employee", "outsider"])
def test_the_mapping_page_is_hidden_from_everyone_but_owners_and_leaders(
    login, sample_survey, persona
):
    upload(login("owner"), SAMPLE)
    job = the_job()
    client = login(persona)
    url = f"/w/acme/imports/{job.pk}/mapping/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"mode": "all", "col-7": ",submitted_at"}).status_code == 404
    job.refresh_from_db()
    assert job.state == "mapping" and queued_tasks() == 0
