"""Imports' personal data: uploaded files and reject files may hold a person in any format, and
import errors quote their code or e-mail (docs/privacy.md).

Nothing of it is exported (the files are the workspace's own uploads). Erasure removes the
person's quoted code and e-mail from import errors and deletes the files of finished imports once
the transaction commits (a file on disk cannot be rolled back; a running import's worker is
reading its file); the job records and counts stay.
"""

from __future__ import annotations

from django.db import transaction

from servicegap.core.models import Workspace
from servicegap.imports.models import ImportJob
from servicegap.people.handlers import ERASED, PersonalData
from servicegap.people.models import Person


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    quoted = [f"{q}{token}{q}" for token in (person.code, person.email) if token for q in "'\""]
    paths = []
    for job in ImportJob.objects.of(ws).order_by("pk"):
        errors = job.errors
        for q in quoted:
            errors = errors.replace(q, f"'{ERASED}'")
        if errors != job.errors:
            ImportJob.objects.filter(pk=job.pk).update(errors=errors)
        if job.finished:
            paths += [p for p in (job.upload_path, job.rejects_path) if p.exists()]

    def unlink() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    transaction.on_commit(unlink)
    return {"import_files": len(paths)}


HANDLER = PersonalData(models=(ImportJob,), order=70, erase=erase)
