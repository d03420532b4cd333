"""`servicegap backup FILE` and `servicegap restore FILE` (logic in servicegap.runtime.backup/restore)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from servicegap.cli.base import (
    CliError,
    connect_database,
    emit_json,
    progress,
    require_database,
    setup_django,
)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the counts.")
@click.option(
    "--with-files",
    is_flag=True,
    help="Add the uploaded import files (and their reject files) still within "
    "SERVICEGAP_IMPORT_RETENTION_DAYS.",
)
def backup(file: Path, quiet: bool, as_json: bool, with_files: bool) -> None:
    """Write a consistent backup of the whole database to FILE (gzip'd JSON lines).

    Safe while the server runs. The file restores on SQLite or PostgreSQL (`servicegap restore`).
    It holds every answer, user and password hash: keep it as safe as the database. It never
    holds the secret key (keep $SERVICEGAP_DATA_DIR/secret_key, or your SERVICEGAP_SECRET_KEY,
    apart from it) nor the sessions (everyone logs in again after a restore).
    """
    require_database()
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from servicegap.conf import data_dir
    from servicegap.runtime.backup import BackupError, upload_files, write_backup

    if not file.parent.is_dir():
        raise CliError(f"there is no directory {file.parent}")
    root = data_dir()
    files = None
    if with_files:
        since = timezone.now() - timedelta(days=settings.IMPORT_RETENTION_DAYS)
        files = upload_files(root, since)
    with ExitStack() as stack:
        try:
            summary = write_backup(
                file, None if quiet else _bar(stack, "backup"), files=files, files_root=root
            )
        except (BackupError, OSError) as exc:
            raise CliError(str(exc)) from None
    from servicegap.core.audit import record_everywhere

    # The whole database left the server: every workspace's log says so (after the snapshot, so
    # the entry is not in the file it describes).
    record_everywhere("cli", "backup.write", file=str(file), rows=summary["rows"])
    added = f" and {summary['files']} files" if "files" in summary else ""
    click.echo(
        f"backup written to {file}: {summary['rows']} rows in {summary['tables']} tables{added}",
        err=True,
    )
    if as_json:
        emit_json(summary)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the counts.")
def restore(file: Path, quiet: bool, as_json: bool) -> None:
    """Restore FILE (from `servicegap backup`) into a new, empty database.

    Creates the schema when needed; refuses a database that already holds data. A backup from
    an older ServiceGap restores too: its data is migrated to the current version afterwards.
    A backup made with --with-files puts its uploads back into the data directory. For
    PostgreSQL, create the empty database first (docs/operations.md).
    """
    from servicegap.conf import data_dir

    data_dir().mkdir(parents=True, exist_ok=True)
    setup_django()
    from servicegap.runtime.backup import BackupError
    from servicegap.runtime.restore import restore_backup

    connect_database()
    with ExitStack() as stack:
        try:
            summary = restore_backup(file, None if quiet else _bar(stack, "restore"))
        except (BackupError, OSError) as exc:
            raise CliError(str(exc)) from None
    # No audit entry here: the restored database is to equal the backup, row for row.
    added = f" and {summary['files']} files" if summary["files"] else ""
    click.echo(
        f"restored {summary['rows']} rows in {summary['tables']} tables{added} from {file}",
        err=True,
    )
    if as_json:
        emit_json(summary)


def _bar(stack: ExitStack, label: str) -> Any:
    """A progress callback that opens the bar (on stderr) once the total is known."""
    state: dict[str, Any] = {}

    def report(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = stack.enter_context(progress(length=total, label=label))
        state["bar"].update(done)

    return report


COMMANDS = [backup, restore]
