"""`servicegap import KIND FILE` and `servicegap export KIND`: files in, files out.

The kinds and their columns live in servicegap.transfer (docs/formats.md describes them).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from servicegap.cli.base import CliError, audit, current_workspace, emit_json, progress
from servicegap.transfer.registry import names

FORMATS = ("csv", "xlsx", "parquet")
KINDS_HELP = f"KIND is one of: {', '.join(names())}. docs/formats.md describes the columns."


@click.command("import", epilog=KINDS_HELP)
@click.argument("kind", type=click.Choice(names()), metavar="KIND")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the counts.")
@click.pass_context
def import_cmd(ctx: click.Context, kind: str, file: str, as_json: bool) -> None:
    """Import KIND from FILE (CSV, UTF-8; also xlsx or Parquet), all rows or none.

    Rows are matched by code: new codes are created, known ones updated. Every bad row is
    reported as FILE:LINE: column: reason, and then nothing is written. FILE '-' reads stdin.
    """
    workspace = current_workspace(ctx)
    from django.db import DatabaseError, transaction

    from servicegap.transfer.registry import Rejected, TransferError
    from servicegap.transfer.runner import run_import

    name = "<stdin>" if file == "-" else file
    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    try:
        with transaction.atomic():
            counts = run_import(workspace, kind, data, name, progress=progress)
            audit(
                workspace,
                f"import.{kind}",
                file=name,
                created=counts.created,
                updated=counts.updated,
                unchanged=counts.unchanged,
            )
    except Rejected as exc:
        for line in exc.lines():
            click.echo(line, err=True)
        raise CliError(str(exc)) from None
    except TransferError as exc:
        raise CliError(str(exc)) from None
    except DatabaseError as exc:
        raise CliError(
            f"{name}: the database refused the import, nothing was written: {exc}"
        ) from None
    click.echo(
        f"{kind}: {counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged",
        err=True,
    )
    if as_json:
        emit_json(
            {
                "kind": kind,
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
            }
        )


@click.command("export", epilog=KINDS_HELP)
@click.argument("kind", type=click.Choice(names()), metavar="KIND")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="File format (default: from the --output extension, else csv).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file (needed for xlsx and parquet). Default: stdout.",
)
@click.pass_context
def export_cmd(ctx: click.Context, kind: str, fmt: str | None, output: str | None) -> None:
    """Export KIND in the columns `import` reads, sorted by code."""
    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in FORMATS else "csv"
    if fmt != "csv" and not output:
        raise CliError(f"--format {fmt} writes a binary file; name it with --output FILE")
    workspace = current_workspace(ctx)
    from servicegap.transfer.registry import TransferError
    from servicegap.transfer.runner import run_export

    try:
        count = run_export(
            workspace, kind, fmt, Path(output) if output else None, stream=sys.stdout
        )
    except TransferError as exc:
        raise CliError(str(exc)) from None
    audit(workspace, f"export.{kind}", format=fmt, rows=count, output=output or "<stdout>")
    click.echo(f"exported {count} {kind} as {fmt}" + (f" to {output}" if output else ""), err=True)


COMMANDS = [import_cmd, export_cmd]
