"""Restore a backup written by ``servicegap.runtime.backup`` into an empty database.

Steps: migrate an initialised database to the current schema and refuse unless it holds no data;
migrate the schema to the backup's migration state (a backup from an older version restores
too); insert every row in one transaction through the models *of that state*; reset the
PostgreSQL sequences; then migrate to the current schema, so upgrades run on the restored data.
A backup with files (``--with-files``) has its uploads staged beside the data directory while
the rows go in, and moved into place once they have committed.
"""

from __future__ import annotations

import base64
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connections, models, transaction
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from servicegap import conf
from servicegap.runtime.backup import (
    CHUNK,
    FILES_FOLDER,
    FORMAT,
    READABLE_VERSIONS,
    BackupError,
    Progress,
    backup_models,
    columns,
    decode,
    read_lines,
)

# Rows that `migrate` and a running worker create by themselves: replaced by the backup's.
HOUSEKEEPING = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "core.scheduledrun",
        "django_tasks_database.dbtaskresult",  # django-tasks-db's app label
    }
)


def restore_backup(path: Path, progress: Progress | None = None, using: str = "default") -> dict:
    lines = read_lines(Path(path))
    header = next(lines, None)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"{path} is not a ServiceGap backup")
    if header.get("version") not in READABLE_VERSIONS:
        raise BackupError(
            f"{path} has backup format {header.get('version')}; this version of "
            f"ServiceGap reads formats {' and '.join(map(str, READABLE_VERSIONS))}"
        )
    connection = connections[using]
    recorder = MigrationRecorder(connection)
    if recorder.has_table() and recorder.applied_migrations():
        call_command("migrate", database=using, interactive=False, verbosity=0)
        _require_empty(using)
    executor = MigrationExecutor(connection)
    targets = _targets(executor, header["migrations"])
    try:
        executor.migrate(targets)
    except IrreversibleError:
        raise BackupError(
            "this database cannot be migrated back to the (older) backup's state; "
            "restore into a new database that was never initialised"
        ) from None
    state_apps = executor.loader.project_state(targets).apps
    registry = {m._meta.label_lower: m for m in backup_models(state_apps)}
    root = conf.data_dir()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restoring-", dir=root) as staging:
        with transaction.atomic(using=using):
            for label in HOUSEKEEPING & registry.keys():
                registry[label]._base_manager.using(using).all().delete()
            restored = _insert_all(lines, header, registry, using, progress)
            files, end = _stage_files(lines, Path(staging))
            if not isinstance(end, dict) or not end.get("end") or end.get("rows") != restored:
                raise BackupError(
                    "the backup is truncated or damaged (no end marker); nothing restored"
                )
            if connection.vendor == "sqlite":
                try:
                    connection.check_constraints()
                except DatabaseError as exc:
                    raise BackupError(f"the backup's rows do not fit together: {exc}") from None
            _reset_sequences(using, list(registry.values()))
        _move_into_place(Path(staging), root, files)
    call_command("migrate", database=using, interactive=False, verbosity=0)
    return {
        "file": str(path),
        "tables": len(header["tables"]),
        "rows": restored,
        "files": len(files),
        "from_version": header.get("servicegap"),
        "source": header.get("source"),
    }


def _stage_files(lines: Iterator[Any], staging: Path) -> tuple[list[str], Any]:
    """Read the files section, if the backup has one, into ``staging``: the files' relative
    paths, and the line after the section (the end line)."""
    section = next(lines, None)
    if not (isinstance(section, dict) and "files" in section):
        return [], section
    names = []
    for _ in range(int(section["files"])):
        entry = next(lines, None)
        if not isinstance(entry, dict) or "file" not in entry:
            raise BackupError("the backup is damaged in its files")
        name = _safe_name(str(entry["file"]))
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        size, written = int(entry["size"]), 0
        with target.open("wb") as out:
            while written < size:
                chunk = next(lines, None)
                if not isinstance(chunk, str):
                    raise BackupError(f"the backup is damaged in the file {name}")
                data = base64.b64decode(chunk)
                out.write(data)
                written += len(data)
        if written != size:
            raise BackupError(f"the backup is damaged in the file {name}")
        names.append(name)
    return names, next(lines, None)


def _safe_name(name: str) -> str:
    """A path below ``uploads/``; anything else (absolute, ``..``) would write outside it."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or path.parts[:1] != (FILES_FOLDER,):
        raise BackupError(f"the backup names a file outside {FILES_FOLDER}/: {name!r}")
    return path.as_posix()


def _move_into_place(staging: Path, root: Path, names: list[str]) -> None:
    for name in names:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staging / name, target)


def _require_empty(using: str) -> None:
    holding = [
        model._meta.label_lower
        for model in backup_models()
        if model._meta.label_lower not in HOUSEKEEPING and model._base_manager.using(using).exists()
    ]
    if holding:
        raise BackupError(
            f"the database already holds data ({', '.join(holding[:4])}); restore only into a new, "
            "empty one (a new data directory, or a newly created PostgreSQL database)"
        )


def _targets(executor: MigrationExecutor, applied: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The leaf migration of each app in the backup's state; refuses migrations unknown here."""
    graph = executor.loader.graph
    nodes = {(app, name) for app, names in applied.items() for name in names}
    replaced = {old for new in executor.loader.replacements.values() for old in new.replaces}
    unknown = sorted(n for n in nodes if n not in graph.nodes and n not in replaced)
    if unknown:
        app, name = unknown[0]
        raise BackupError(
            f"the backup was made by a newer ServiceGap (migration {app}.{name} is "
            "unknown here); upgrade ServiceGap first"
        )
    known = {n for n in nodes if n in graph.nodes}
    return sorted(
        node
        for node in known
        if not any(
            child.key in known and child.key[0] == node[0]
            for child in graph.node_map[node].children
        )
    )


def _insert_all(
    lines: Iterator[Any], header: dict, registry: dict, using: str, progress: Progress | None
) -> int:
    total, restored = int(header["rows"]), 0
    for table in header["tables"]:
        label = table["model"]
        model = registry.get(label)
        if model is None or set(table["columns"]) != set(columns(model)):
            raise BackupError(f"the backup's table {label} does not match its migration state")
        section = next(lines, None)
        if not isinstance(section, dict) or section.get("model") != label:
            raise BackupError(f"the backup is damaged: expected the rows of {label}")
        restored += _insert_table(
            lines, model, table["columns"], int(section["rows"]), using, total, progress
        )
    return restored


def _insert_table(
    lines: Iterator[Any],
    model: type[models.Model],
    names: list[str],
    count: int,
    using: str,
    total: int,
    progress: Progress | None,
) -> int:
    connection = connections[using]
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_attname[name] for name in names]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(str(f.column)) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for _ in range(count):
            row = next(lines, None)
            if not isinstance(row, list) or len(row) != len(fields):
                raise BackupError(f"the backup is damaged in the rows of {model._meta.label_lower}")
            batch.append([_prepare(f, v, connection) for f, v in zip(fields, row, strict=True)])
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                if progress:
                    progress(len(batch), total)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            if progress:
                progress(len(batch), total)
    return count


def _prepare(field: models.Field, value: Any, connection: Any) -> Any:
    if value is None and field.get_internal_type() == "JSONField" and not field.null:
        return connection.ops.adapt_json_value(None, getattr(field, "encoder", None))
    if value is None:
        return None
    return field.get_db_prep_save(decode(field, value), connection)


def _reset_sequences(using: str, chosen: list[type[models.Model]]) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), chosen)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
