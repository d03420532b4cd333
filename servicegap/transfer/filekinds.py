"""What whole-file importers (LimeSurvey, Qualtrics) share with the row-by-row kinds: the import
report, the options a command passes, and the reject file ``--skip-invalid`` writes.

A whole-file kind is a module (declared by its app, ``registry.ImportKind``) that defines ``KIND``
(columns empty) and ``import_file(workspace, data, filename, options) -> Report``;
``runner.run_import`` calls it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servicegap.transfer import csvio
from servicegap.transfer.registry import Counts, Problem, Table, TransferError, Value


@dataclass
class Options:
    skip_invalid: bool = False
    survey: str = ""  # --survey CODE: the survey responses belong to
    code: str = ""  # --code CODE: the code of a survey an import creates
    mapping: bytes | None = None  # --map FILE: its bytes
    mapping_name: str = ""
    time_zone: str = ""  # --time-zone: zone of dates written without an offset
    # Employee, leader and internal responses are accepted only from the installation
    # administrator (the CLI): see surveys/protected.py. The Imports page leaves this False.
    protected: bool = False
    # --open-cases: the imported responses and feedback are treated as live input, so the case
    # rules open cases for them (servicegap.core.ingest); off, an import opens none.
    open_cases: bool = False
    # --publish: a survey an import creates (limesurvey, qualtrics-survey) is published at once.
    publish: bool = False
    # Response exports: rows the source marks as preview, test or spam, and unfinished ones, are
    # left out (and counted in the report) unless these keep them.
    include_preview: bool = False
    include_unfinished: bool = False
    date_format: str = ""  # --date-format: how a wide file writes its dates (lib/wide.py)
    # Set by runner.run_import: the progress bar factory (the CLI's, the import job's) that a
    # whole-file kind uses over its rows when they are many (transfer/batch.PROGRESS_ABOVE).
    progress: Callable[..., Any] | None = None


@dataclass
class RejectedRow:
    line: int
    problems: list[Problem]
    cells: list[str]


@dataclass
class Report(Counts):
    """Counts, plus what a file held that was not imported and why."""

    kind: str = ""
    skipped: int = 0  # rows with nothing to import (e.g. a response with no mapped answer)
    unsupported: list[Problem] = field(default_factory=list)  # never silently dropped
    rejected: list[RejectedRow] = field(default_factory=list)  # --skip-invalid
    reject_header: list[str] = field(default_factory=list)  # the source columns of rejected rows
    details: dict[str, Any] = field(default_factory=dict)  # e.g. {"survey": "LS123"}
    notes: list[str] = field(default_factory=list)  # sentences for the importer (rows left out)

    def as_json(self) -> dict[str, Any]:
        """The counts; whole-file kinds (which set ``details``) add what was not imported."""
        result: dict[str, Any] = {
            "kind": self.kind,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.details:
            result["skipped"] = self.skipped
            result["unsupported"] = [
                {"line": p.line, "item": p.column, "reason": p.reason} for p in self.unsupported
            ]
            result.update(self.details)
        if self.notes:
            result["notes"] = list(self.notes)
        return result


class MappingNeeded(TransferError):
    """No column mapping was given: ``proposal`` is a mapping file to start from."""

    def __init__(self, message: str, proposal: str) -> None:
        super().__init__(message)
        self.proposal = proposal


REJECT_COLUMNS = ["line", "problems"]


def reject_table(report: Report) -> Table:
    """The reject file: the source line, every problem of the row, then the row's own cells."""
    rows: list[list[Value]] = [
        [r.line, "; ".join(f"{p.column}: {p.reason}" for p in r.problems), *r.cells]
        for r in sorted(report.rejected, key=lambda r: r.line)
    ]
    return Table(REJECT_COLUMNS + report.reject_header, rows)


def write_rejects(report: Report, path: Path) -> None:
    """Write the reject file beside its target and rename it into place."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    except OSError as exc:
        raise TransferError(f"{path}: cannot write the reject file: {exc.strerror}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            csvio.write_csv(reject_table(report), handle)
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
