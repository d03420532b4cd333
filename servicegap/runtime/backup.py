"""Online backups in a portable format that restores on SQLite and PostgreSQL alike.

The file is gzip'd JSON lines:

1. a header ``{"format", "version", "servicegap", "created_at", "source", "migrations",
   "tables": [{"model", "table", "columns", "rows"}], "rows"}``;
2. for each table a section line ``{"model", "rows"}`` followed by one JSON array per row, the
   values of the model's concrete fields in ``columns`` (attname) order, by primary key;
3. with ``--with-files`` (format version 2) a line ``{"files": N, "bytes": B}``, then for each
   file a line ``{"file": "uploads/…", "size": S}`` followed by its bytes as JSON strings of
   base64, at most ``FILE_CHUNK`` bytes each: the uploads of the data directory still within
   SERVICEGAP_IMPORT_RETENTION_DAYS (older ones are deleted daily anyway);
4. an end line ``{"end": true, "rows": N}`` (a file without it is truncated).

Values are plain JSON (datetimes ISO 8601 with offset and microseconds, decimals as strings,
UUIDs as strings, durations ISO 8601, bytes base64), decoded on restore by the field type, so they
round-trip exactly. The whole dump is read in one read transaction, so it is consistent while the
server keeps writing. Sessions and the workers' heartbeats are left out (everyone logs in again
after a restore); content types and permissions are included so ids referring to them stay valid.
The secret key is never in a backup: it is a file of the data directory (or a setting), kept
apart on purpose (docs/operations.md says where); only ``uploads/`` is ever added from there.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.dateparse import parse_duration
from django.utils.duration import duration_iso_string

FORMAT = "servicegap-backup"
FORMAT_VERSION = 1
FORMAT_VERSION_FILES = 2  # the same, with the uploads after the tables
READABLE_VERSIONS = (FORMAT_VERSION, FORMAT_VERSION_FILES)
CHUNK = 2000
FILE_CHUNK = 768 * 1024  # raw bytes per line: 1 MiB of base64
SKIPPED = frozenset({"sessions.session", "runtime.workerheartbeat"})
FILES_FOLDER = "uploads"

Progress = Callable[[int, int], None]  # (rows just done, total rows)


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is one sentence for the user."""


def servicegap_version() -> str:
    try:
        return version("servicegap")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def backup_models(registry: Any = global_apps) -> list[type[models.Model]]:
    """Every concrete, managed model (with M2M tables) of every app, except ``SKIPPED``."""
    found = []
    for model in registry.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in SKIPPED:
            continue
        found.append(model)
    return found


def columns(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def encode(value: Any) -> Any:
    """A database value as plain JSON, losing nothing."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decode(field: models.Field, value: Any) -> Any:
    """The Python value of ``field`` that ``encode`` wrote as ``value``."""
    if value is None:
        return None
    if isinstance(field, models.ForeignKey):
        return decode(field.target_field, value)
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return dt.datetime.fromisoformat(value)
    if kind == "DateField":
        return dt.date.fromisoformat(value)
    if kind == "TimeField":
        return dt.time.fromisoformat(value)
    if kind == "DecimalField":
        return Decimal(value)
    if kind == "UUIDField":
        return uuid.UUID(value)
    if kind == "DurationField":
        return parse_duration(value)
    if kind == "BinaryField":
        return base64.b64decode(value)
    return value


def applied_migrations(using: str = "default") -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


@contextmanager
def snapshot(using: str = "default") -> Iterator[None]:
    """One read transaction: every query inside sees the database as of its first read."""
    connection = connections[using]
    if connection.in_atomic_block:  # already one transaction (e.g. inside a test)
        yield
        return
    if connection.vendor == "sqlite":
        # Settings make Django's own transactions BEGIN IMMEDIATE (a write lock). A deferred BEGIN
        # takes no lock: under WAL it is a snapshot, and writers carry on beside it.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def upload_files(root: Path, newer_than: dt.datetime) -> list[Path]:
    """The regular files under ``root/uploads`` modified after ``newer_than``, sorted; never
    anything else of the data directory (the secret key, the SQLite database)."""
    folder = root / FILES_FOLDER
    if not folder.is_dir():
        return []
    cutoff = newer_than.timestamp()
    found = [
        p
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink() and p.stat().st_mtime > cutoff
    ]
    return sorted(found)


def write_backup(
    path: Path,
    progress: Progress | None = None,
    using: str = "default",
    files: list[Path] | None = None,
    files_root: Path | None = None,
) -> dict:
    """Write a consistent backup of the whole database to ``path``, and ``files`` (below
    ``files_root``) after the tables; returns a summary."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    chosen = backup_models()
    with_files = files is not None and files_root is not None
    file_bytes = 0
    with snapshot(using):
        tables: list[dict[str, Any]] = [
            {
                "model": model._meta.label_lower,
                "table": model._meta.db_table,
                "columns": columns(model),
                "rows": model._base_manager.using(using).count(),
            }
            for model in chosen
        ]
        total = sum(t["rows"] for t in tables)
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION_FILES if with_files else FORMAT_VERSION,
            "servicegap": servicegap_version(),
            "created_at": timezone.now().isoformat(),
            "source": connections[using].vendor,
            "migrations": applied_migrations(using),
            "tables": tables,
            "rows": total,
        }
        try:
            # Owner-only: the file holds every answer and the users' password hashes.
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with (
                os.fdopen(fd, "wb") as raw,
                gzip.open(raw, "wt", encoding="utf-8", newline="\n") as out,
            ):
                out.write(json.dumps(header) + "\n")
                for model, table in zip(chosen, tables, strict=True):
                    _write_table(out, model, table, using, total, progress)
                if files is not None and files_root is not None:
                    file_bytes = _write_files(out, files, files_root)
                out.write(json.dumps({"end": True, "rows": total}) + "\n")
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    summary = {"file": str(path), "tables": len(tables), "rows": total}
    if with_files:
        summary.update(files=len(files or []), file_bytes=file_bytes)
    return {**summary, "bytes": path.stat().st_size}


def _write_files(out: Any, files: list[Path], root: Path) -> int:
    sizes = [f.stat().st_size for f in files]
    out.write(json.dumps({"files": len(files), "bytes": sum(sizes)}) + "\n")
    for file, size in zip(files, sizes, strict=True):
        out.write(json.dumps({"file": file.relative_to(root).as_posix(), "size": size}) + "\n")
        written = 0
        with file.open("rb") as src:
            while written < size and (chunk := src.read(min(FILE_CHUNK, size - written))):
                out.write(json.dumps(base64.b64encode(chunk).decode("ascii")) + "\n")
                written += len(chunk)
        if written != size:
            raise BackupError(f"{file} changed during the backup; run it again")
    return sum(sizes)


def _write_table(
    out: Any,
    model: type[models.Model],
    table: dict,
    using: str,
    total: int,
    progress: Progress | None,
) -> None:
    out.write(json.dumps({"model": table["model"], "rows": table["rows"]}) + "\n")
    rows = model._base_manager.using(using).order_by("pk").values_list(*table["columns"])
    done = 0
    for row in rows.iterator(chunk_size=CHUNK):
        out.write(json.dumps([encode(v) for v in row], ensure_ascii=False) + "\n")
        done += 1
        if progress and done % CHUNK == 0:
            progress(CHUNK, total)
    if done != table["rows"]:
        raise BackupError(
            f"{table['model']} changed during the backup ({done} rows, "
            f"{table['rows']} counted); the snapshot was not consistent"
        )
    if progress and done % CHUNK:
        progress(done % CHUNK, total)


def read_lines(path: Path) -> Iterator[Any]:
    """The decoded JSON lines of a backup file, as written by ``write_backup``."""
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as src:
            for number, line in enumerate(src, 1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    raise BackupError(f"{path}: line {number} is not valid JSON") from None
    except gzip.BadGzipFile:
        raise BackupError(f"{path} is not a ServiceGap backup (not gzip)") from None
    except EOFError:
        raise BackupError(f"{path} is truncated") from None
