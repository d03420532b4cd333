"""The Imports page for wide files (Google Forms and the like): the same mapping step as a
Qualtrics export, with the dates' format asked for when day and month could be either; and a
LimeSurvey archive uploaded there brings its survey and responses. Real files (provenance in
tests/data/imports/responses/README.md and tests/data/imports/surveys/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.imports.test_qualtrics_mapping import selects, the_job
from tests.invitation_support import run_worker

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
NAMES = DATA / "responses" / "wide" / "Form Responses 1.csv"
COLORS_LSA = DATA / "surveys" / "limesurvey" / "colors.lsa"


@pytest.fixture(autouse=True)
def _data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))


@pytest.fixture
def names_survey(workspace):
    from servicegap.surveys.models import Question, Survey

    survey = Survey.objects.create(workspace=workspace, code="GW", title="Workshop sign-up")
    Question.objects.create(
        workspace=workspace, survey=survey, code="NAME", kind="text", text={"en": "Full Name"}
    )
    return survey


def upload(client, path: Path, kind: str, **extra):
    file = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    return client.post("/w/acme/imports/", {"kind": kind, "file": file, "mode": "all", **extra})


def test_a_wide_file_is_mapped_on_the_page_and_its_dates_format_asked_for(
    login, names_survey, monkeypatch
):
    from servicegap.surveys.models import Response

    client = login("owner")
    upload(client, NAMES, "wide", survey="GW")
    url = f"/w/acme/imports/{the_job().pk}/mapping/"
    page = client.get(url).content.decode()
    assert "NAME · text" in page and "servicegap import wide" in page
    data = {"mode": "all", **selects(page)}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "fit both DD/MM and MM/DD" in refused.content.decode()
    assert client.post(url, {**data, "date_format": "MDY"}).status_code == 302
    run_worker(monkeypatch)
    assert the_job().state == "done"
    assert Response.objects.filter(survey=names_survey).count() == 21


def test_an_archive_uploaded_on_the_page_brings_its_survey_and_responses(
    login, workspace, monkeypatch
):
    from servicegap.surveys.models import Response, Survey

    client = login("owner")
    upload(client, COLORS_LSA, "limesurvey", code="COLORS")
    run_worker(monkeypatch)
    job = the_job()
    assert job.state == "done", job.errors
    assert Survey.objects.filter(code="COLORS").exists()
    assert Response.objects.filter(survey__code="COLORS").count() == 2
    assert "2 response(s) imported into survey COLORS" in job.errors


def test_multiple_answer_matrix_columns_are_preselected_on_the_mapping_page(login, workspace):
    """Q2_1_1 (row 1, option 1 of a multiple-answer matrix) is offered and preselected as
    "Q2.1 = 1", not left on "Ignore this column"."""
    from servicegap.transfer.filekinds import Options
    from servicegap.transfer.runner import run_import

    qsf = DATA / "responses" / "qualtrics" / "Multiple_Answer_Matrix_Questions.qsf"
    export = DATA / "responses" / "qualtrics" / "Multiple_Answer_Matrix_Questions (Insights).csv"
    run_import(workspace, "qualtrics-survey", qsf.read_bytes(), qsf.name, options=Options(code="M"))
    client = login("owner")
    upload(client, export, "qualtrics-responses", survey="M")
    page = client.get(f"/w/acme/imports/{the_job().pk}/mapping/").content.decode()
    chosen = selects(page)
    assert chosen["col-11"] == "Q2.1,choice,1"  # the first question column, Q2_1_1
    assert "Q2.1 = 1 when not empty" in page
    assert "Also import the 5 rows marked as preview, test or spam" in page  # Status 2
