"""The Imports page: an uploaded file becomes a job the worker runs, with progress, counts, the
problems of a bad file, a reject file for skipped rows, a size limit and nightly pruning."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.invitation_support import run_worker

pytestmark = pytest.mark.django_db
GOOD = "code,name,parent\nNORTH,North,HQ\nEAST,East,HQ\n"
MIXED = "code,name,parent\nNORTH,North,HQ\nBAD,,HQ\nEAST,East,HQ\n"


@pytest.fixture(autouse=True)
def _data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))


def upload(client, text: str, mode: str = "all", kind: str = "units", name: str = "units.csv"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post("/w/acme/imports/", {"kind": kind, "file": file, "mode": mode})


def unit_codes(workspace) -> set[str]:
    from servicegap.people.models import Unit

    return set(Unit.objects.of(workspace).values_list("code", flat=True))


def only_job():
    from servicegap.imports.models import ImportJob

    [job] = ImportJob.objects.all()
    return job


def test_an_uploaded_units_file_is_queued_then_imported_by_the_worker(
    login, workspace, monkeypatch
):
    client = login("owner")
    r = upload(client, GOOD)
    job = only_job()
    assert r.status_code == 302 and r["Location"] == f"/w/acme/imports/{job.pk}/"
    assert job.state == "queued" and "NORTH" not in unit_codes(workspace)
    assert job.upload_path.read_text() == GOOD
    assert "Waiting for the worker" in client.get(r["Location"]).content.decode()

    run_worker(monkeypatch)

    job.refresh_from_db()
    assert job.state == "done" and (job.created, job.rejected, job.rows_done) == (2, 0, 2)
    assert {"NORTH", "EAST"} <= unit_codes(workspace)
    page = client.get(r["Location"]).content.decode()
    assert "Status: Done" in page and "2 created" in page and "hx-trigger" not in page
    assert "units.csv" in client.get("/w/acme/imports/").content.decode()

    from servicegap.core.models import AuditEntry

    entry = AuditEntry.objects.of(workspace).get(action="import.units")
    assert entry.actor == "owner@acme.test"
    assert entry.detail["created"] == 2


def test_a_bad_file_fails_with_its_file_line_problems_and_writes_nothing(
    login, workspace, monkeypatch
):
    client = login("leader")
    upload(client, MIXED)
    run_worker(monkeypatch)
    job = only_job()
    assert job.state == "failed" and job.created == 0
    assert "NORTH" not in unit_codes(workspace)
    page = client.get(f"/w/acme/imports/{job.pk}/").content.decode()
    assert "units.csv:3: name: is required" in page
    assert "nothing was written" in page
    assert client.get(f"/w/acme/imports/{job.pk}/rejects.csv")["Location"].endswith(
        f"/imports/{job.pk}/"
    )


def test_skip_invalid_writes_the_good_rows_and_offers_the_reject_file(
    login, workspace, monkeypatch
):
    client = login("owner")
    upload(client, MIXED, mode="skip")
    run_worker(monkeypatch)
    job = only_job()
    assert job.state == "done" and (job.created, job.rejected) == (2, 1)
    assert {"NORTH", "EAST"} <= unit_codes(workspace) and "BAD" not in unit_codes(workspace)
    page = client.get(f"/w/acme/imports/{job.pk}/").content.decode()
    assert f"/w/acme/imports/{job.pk}/rejects.csv" in page
    r = client.get(f"/w/acme/imports/{job.pk}/rejects.csv")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(r.streaming_content).decode())))
    assert [(row["line"], row["code"]) for row in rows] == [("3", "BAD")]
    assert "name: is required" in rows[0]["problems"]


@pytest.mark.parametrize("persona", ["manager", "employee", "outsider"])
def test_imports_are_hidden_from_everyone_but_owners_and_leaders(login, persona):
    client = login(persona)
    assert client.get("/w/acme/imports/").status_code == 404
    assert upload(client, GOOD).status_code == 404
    from servicegap.imports.models import ImportJob

    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_a_form_error_and_no_job(login, monkeypatch):
    monkeypatch.setenv("SERVICEGAP_MAX_UPLOAD_BYTES", "20")
    r = upload(login("owner"), GOOD)
    assert r.status_code == 400
    assert "at most 20" in r.content.decode()
    from servicegap.imports.models import ImportJob

    assert not ImportJob.objects.exists()


def test_an_unknown_kind_is_a_form_error_naming_the_field(login):
    r = upload(login("owner"), GOOD, kind="no-such-kind")
    assert r.status_code == 400 and "Select a valid choice" in r.content.decode()


def test_a_running_job_shows_its_progress_from_the_worker(login, workspace):
    from servicegap.imports import jobs

    client = login("owner")
    upload(client, GOOD)
    job = only_job()
    job.state = "running"
    job.save()
    with jobs._Progress(job.progress_path)(list(range(2500)), label="checking units") as bar:
        for n, _ in enumerate(bar):
            if n == 1500:
                break
    r = client.get(f"/w/acme/imports/{job.pk}/", HTTP_HX_REQUEST="true")
    page = r.content.decode()
    assert 'max="2500" value="1000"' in page and "checking units: 1000 of 2500" in page
    assert "<html" not in page and "hx-trigger" in page


def test_the_nightly_pruning_deletes_imports_older_than_30_days(login, monkeypatch):
    from servicegap.imports.models import ImportJob
    from servicegap.imports.tasks import prune_imports

    client = login("owner")
    upload(client, GOOD)
    upload(client, GOOD)
    old, recent = ImportJob.objects.order_by("id")
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    prune_imports.call()
    assert list(ImportJob.objects.all()) == [recent]
    assert not old.upload_path.exists() and recent.upload_path.exists()
