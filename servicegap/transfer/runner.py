"""Drive an import (read, check the header, check every row, then write all or nothing) and an
export (the kind's table written as CSV, xlsx or Parquet)."""

from __future__ import annotations

import dataclasses
import gc
import importlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from servicegap.transfer import csvio, sheets
from servicegap.transfer.batch import Batch, Row
from servicegap.transfer.filekinds import Options, RejectedRow, Report
from servicegap.transfer.registry import (
    EmptyFile,
    Kind,
    Problem,
    Rejected,
    Table,
    TransferError,
    get_kind,
    modules,
)

FORMATS = ("csv", "xlsx", "parquet")
BINARY_FORMATS = ("xlsx", "parquet")


def read_records(data: bytes, filename: str) -> tuple[int, list[str], list[csvio.Record]]:
    """CSV, or an xlsx workbook / Parquet file recognised by its first bytes; every cell
    stripped of surrounding whitespace."""
    if data.startswith(sheets.XLSX_MAGIC):
        return sheets.read_xlsx(data, filename)
    if data.startswith(sheets.PARQUET_MAGIC):
        return sheets.read_parquet(data, filename)
    return csvio.read_csv(data, filename)


def normalise_header(kind: Kind, line: int, cells: list[str]) -> tuple[list[str], list[Problem]]:
    """Column names as the kind knows them (known names are case-insensitive); problems named."""
    header: list[str] = []
    problems: list[Problem] = []
    for position, cell in enumerate(cells, start=1):
        name = cell.strip()
        low = name.lower()
        if low in kind.known:
            name = low
        elif kind.prefix and low.startswith(kind.prefix) and len(name) > len(kind.prefix):
            name = kind.prefix + name[len(kind.prefix) :]
        elif not name:
            problems.append(Problem(line, f"column {position}", "has no name in the header"))
        else:
            allowed = ", ".join(kind.known) + (f", {kind.prefix}KEY" if kind.prefix else "")
            problems.append(Problem(line, name, f"unknown column; the columns are {allowed}"))
        if name and name in header:
            problems.append(Problem(line, name, "appears twice in the header"))
        header.append(name)
    for column in kind.columns:
        if column not in header:
            problems.append(Problem(line, column, "required column is missing from the header"))
    return header, problems


def build_batch(
    workspace: Any,
    kind: Kind,
    data: bytes,
    filename: str,
    progress: Callable[..., Any] | None = None,
    protected: bool = False,
    open_cases: bool = False,
) -> Batch:
    try:
        line, cells, records = read_records(data, filename)
    except EmptyFile as exc:
        expected = ",".join(kind.columns)
        raise TransferError(f"{exc}; its first line must be the header {expected}") from None
    while cells and not cells[-1].strip():  # trailing separators some spreadsheets write
        cells = cells[:-1]
    header, problems = normalise_header(kind, line, cells)
    if problems:
        raise Rejected(filename, problems, header=True)
    batch = Batch(
        workspace, filename, header, [], progress=progress, protected=protected,
        open_cases=open_cases,
    )  # fmt: skip
    width = len(header)
    position = {name: at for at, name in enumerate(header)}
    append = batch.rows.append
    for start, values in records:
        if len(values) > width and any(v.strip() for v in values[width:]):
            batch.problems.append(
                Problem(
                    start,
                    f"column {width + 1}",
                    f"row has {len(values)} cells; the header has {width}",
                )
            )
        if len(values) < width:  # a short row lacks its last columns, which read as ""
            values += [""] * (width - len(values))
        append(Row(start, values, position))
    return batch


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A big file makes hundreds of thousands of small objects (rows, cells, answers), none of
    them in reference cycles; the cycle collector would walk them all again and again (about a
    third of the time). It runs as usual once the import is over."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_import(
    workspace: Any,
    kind_name: str,
    data: bytes,
    filename: str,
    progress: Callable[..., Any] | None = None,
    options: Options | None = None,
) -> Report:
    """Check every row; write in one transaction. Raises Rejected when a row is bad, unless
    ``options.skip_invalid``: then the good rows are written and the bad ones are in the report."""
    options = options or Options()
    kind = get_kind(kind_name)
    whole_file = getattr(importlib.import_module(modules()[kind.name]), "import_file", None)
    with _no_cycle_collection(), transaction.atomic():
        if whole_file is not None:
            options = dataclasses.replace(options, progress=progress)
            report: Report = whole_file(workspace, data, filename, options)
            return report
        if kind.check is None or kind.write is None:
            raise TransferError(f"{kind.name} cannot be imported")
        batch = build_batch(
            workspace, kind, data, filename, progress, options.protected, options.open_cases
        )
        report = Report(kind=kind.name, reject_header=list(batch.header))
        plan = _check(kind, batch, report, options.skip_invalid)
        counts = kind.write(batch, plan)
        report.created, report.updated, report.unchanged = (
            counts.created,
            counts.updated,
            counts.unchanged,
        )
        return report


def _check(kind: Kind, batch: Batch, report: Report, skip_invalid: bool) -> Any:
    """The kind's plan for the good rows. Dropping a bad row can make a row that needed it bad
    (a parent unit, say), so checking repeats until no problem is left."""
    assert kind.check is not None
    while True:
        plan = kind.check(batch)
        if not batch.problems:
            return plan
        rows = {row.line: row for row in batch.rows}
        if not skip_invalid or any(p.line not in rows for p in batch.problems):
            raise Rejected(batch.filename, batch.problems)
        bad: dict[int, list[Problem]] = {}
        for problem in batch.problems:
            bad.setdefault(problem.line, []).append(problem)
        for line, problems in bad.items():
            cells = [rows[line][name] for name in batch.header]
            report.rejected.append(RejectedRow(line, problems, cells))
        batch.rows = [row for row in batch.rows if row.line not in bad]
        batch.problems = []


def run_export(
    workspace: Any, kind_name: str, fmt: str, output: Path | None, stream: IO[str] | None = None
) -> int:
    """Write the kind's rows to ``output`` (atomically) or, for CSV, to ``stream``; row count."""
    kind = get_kind(kind_name)
    if kind.export is None:
        raise TransferError(f"{kind.name} cannot be exported")
    if fmt not in FORMATS:
        raise TransferError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    table = kind.export(workspace)
    if output is None:
        assert stream is not None and fmt == "csv"
        return csvio.write_csv(table, stream)
    output = Path(output)
    try:
        return _write_file(table, kind.name, fmt, output)
    except OSError as exc:
        raise TransferError(f"{output}: cannot write the file: {exc.strerror or exc}") from None


def _write_file(table: Table, title: str, fmt: str, output: Path) -> int:
    """Write beside the target, then rename: a failed export never leaves half a file."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
    tmp = Path(tmp_name)
    try:
        if fmt == "csv":
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                count = csvio.write_csv(table, handle)
        else:
            os.close(fd)
            if fmt == "xlsx":
                count = sheets.write_xlsx(table, tmp, title)
            else:
                count = sheets.write_parquet(table, tmp)
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)
    return count
