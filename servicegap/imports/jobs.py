"""Start an import from an upload, and run it on the worker with progress and an audit entry."""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from servicegap import conf
from servicegap.core.models import AuditEntry, Workspace
from servicegap.imports.models import ImportJob, uploads_dir
from servicegap.transfer.filekinds import MappingNeeded, Options, write_rejects
from servicegap.transfer.registry import Rejected, TransferError
from servicegap.transfer.runner import run_import

log = logging.getLogger(__name__)
ERROR_LINES_MAX = 500
REPORT_EVERY_ROWS = 1000
REPORT_EVERY_SECONDS = 1.0
MAPPING_NAME = "mapping"  # how problems of a mapping chosen on the web page name it


def start_job(
    workspace: Workspace,
    user,
    kind: str,
    upload: UploadedFile,
    options: dict[str, Any],
    *,
    queue: bool = True,
) -> ImportJob:
    """Save the upload under the data directory, record the job and queue it for the worker;
    with ``queue=False`` the job waits for its column mapping (``queue_job``)."""
    folder = uploads_dir() / workspace.slug
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(upload.name or "").suffix.lower()[:10]
    target = folder / f"{uuid.uuid4().hex}{suffix if suffix.isascii() else ''}"
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    job = ImportJob.objects.create(
        workspace=workspace,
        kind=kind,
        filename=Path(upload.name or "upload").name[:255],
        stored_path=str(target.relative_to(conf.data_dir())),
        options=options,
        created_by=user,
        state=ImportJob.State.QUEUED if queue else ImportJob.State.MAPPING,
    )
    if queue:
        _enqueue(job)
    return job


def queue_job(job: ImportJob, options: dict[str, Any]) -> bool:
    """Queue a job that waited for its mapping, with its final options; False when it had been
    queued already (the mapping submitted twice)."""
    waiting = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.MAPPING)
    if not waiting.update(state=ImportJob.State.QUEUED, options=options):
        return False
    job.state, job.options = ImportJob.State.QUEUED, options
    _enqueue(job)
    return True


def _enqueue(job: ImportJob) -> None:
    from servicegap.imports.tasks import run_import_job
    from servicegap.runtime.taskqueue import enqueue

    enqueue(run_import_job, job.pk)


class _Progress:
    """What ``run_import`` takes as ``progress`` (click.progressbar's shape): it writes
    ``{"done", "total", "label"}`` beside the upload every 1,000 rows or second, not per row."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, iterable: Iterable[Any] | None = None, length: int | None = None, label=""):
        return _Bar(self.path, list(iterable or []), label)


class _Bar:
    def __init__(self, path: Path, items: list[Any], label: str) -> None:
        self.path, self.items, self.label = path, items, label

    def __enter__(self) -> Iterator[Any]:
        return self._iterate()

    def __exit__(self, *exc: object) -> None:
        return None

    def _iterate(self) -> Iterator[Any]:
        last = time.monotonic()
        for done, item in enumerate(self.items):
            if done % REPORT_EVERY_ROWS == 0 or time.monotonic() - last >= REPORT_EVERY_SECONDS:
                self.write(done)
                last = time.monotonic()
            yield item
        self.write(len(self.items))

    def write(self, done: int) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"done": done, "total": len(self.items), "label": self.label}))
        os.replace(tmp, self.path)


def _options(job: ImportJob) -> Options:
    saved = job.options or {}
    mapping = saved.get("mapping")
    return Options(
        skip_invalid=bool(saved.get("skip_invalid")),
        code=str(saved.get("code", "")),
        survey=str(saved.get("survey", "")),
        mapping=mapping.encode() if isinstance(mapping, str) else None,
        mapping_name=MAPPING_NAME,
        time_zone=str(saved.get("time_zone", "")),
        include_preview=bool(saved.get("include_preview")),
        include_unfinished=bool(saved.get("include_unfinished")),
        date_format=str(saved.get("date_format", "")),
    )


def _capped(lines: list[str]) -> str:
    if len(lines) > ERROR_LINES_MAX:
        more = len(lines) - ERROR_LINES_MAX
        lines = [*lines[:ERROR_LINES_MAX], f"… and {more} more"]
    return "\n".join(lines)


def execute(job_id: int) -> str:
    """Run one queued job: all rows or none (or the good rows, with skip-invalid)."""
    job = ImportJob.objects.get(pk=job_id)
    if job.state != ImportJob.State.QUEUED:
        return f"import {job_id} is {job.state}; not run again"
    job.state = ImportJob.State.RUNNING
    job.save(update_fields=["state"])
    try:
        _run(job)
    except Rejected as exc:
        job.state, job.errors = ImportJob.State.FAILED, _capped([str(exc), *exc.lines()])
    except MappingNeeded as exc:
        job.state, job.errors = ImportJob.State.FAILED, str(exc)
    except TransferError as exc:
        job.state, job.errors = ImportJob.State.FAILED, str(exc)
    except DatabaseError as exc:
        job.state = ImportJob.State.FAILED
        job.errors = f"{job.filename}: the database refused the import, nothing was written: {exc}"
    except Exception:
        log.exception("import %s failed", job_id)
        job.state = ImportJob.State.FAILED
        job.errors = f"{job.filename}: an unexpected error stopped the import; nothing was written."
    finally:
        job.progress_path.unlink(missing_ok=True)
        job.finished_at = timezone.now()
        job.save()
    return f"import {job_id}: {job.state}"


def _run(job: ImportJob) -> None:
    try:
        data = job.upload_path.read_bytes()
    except OSError:
        raise TransferError(f"{job.filename}: the uploaded file is gone") from None
    actor = job.created_by.email if job.created_by else "web"
    with transaction.atomic():
        report = run_import(
            job.workspace,
            job.kind,
            data,
            job.filename,
            progress=_Progress(job.progress_path),
            options=_options(job),
        )
        if report.rejected:
            write_rejects(report, job.rejects_path)
        AuditEntry.objects.create(
            workspace=job.workspace,
            actor=actor,
            action=f"import.{job.kind}",
            detail={
                "file": job.filename,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": len(report.rejected),
                "job": job.pk,
            },
        )
    job.state = ImportJob.State.DONE
    job.created, job.updated, job.unchanged = report.created, report.updated, report.unchanged
    job.rejected = len(report.rejected)
    job.rows_total = job.created + job.updated + job.unchanged + job.rejected + report.skipped
    job.rows_done = job.rows_total
    notes = [f"{job.filename}: {note}" for note in report.notes]  # e.g. rows left out by rule
    notes += [p.show(job.filename) for p in report.unsupported]
    notes += [p.show(job.filename) for r in report.rejected for p in r.problems]
    job.errors = _capped(notes)
