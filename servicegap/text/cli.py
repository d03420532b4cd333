"""`servicegap text classify`: label the comments of a CSV file in place, through the same engine
as the worker (``servicegap.text.pipeline``; docs/text.md)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from servicegap.cli.base import CliError, emit_json, progress
from servicegap.text.enrich_cli import enrich as enrich_command


@click.group()
def text() -> None:
    """Understand free-text comments: sentiment, kind, dimension, standards, mentions, themes."""


def _read(path: Path, column: str) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            fields = reader.fieldnames or []
            if column not in fields:
                shown = ", ".join(fields) if fields else "none (the file is empty)"
                raise CliError(f"--column: no column {column!r} in {path.name}; columns: {shown}")
            if len(fields) == 1:
                # A one-column file of plain comments: an unquoted comma is part of the text.
                return [",".join([row.get(column) or "", *(row.get(None) or [])]) for row in reader]  # type: ignore[call-overload]
            return [row.get(column) or "" for row in reader]
    except UnicodeDecodeError:
        raise CliError(f"FILE: {path.name} is not UTF-8 text") from None
    except csv.Error as exc:
        raise CliError(f"FILE: {path.name} is not a readable CSV file ({exc})") from None


def _context(ctx: click.Context, workspace_slug: str | None):
    from servicegap.text.pipeline import Context

    if not workspace_slug:
        return Context()
    from servicegap.cli.base import current_workspace
    from servicegap.text.service import context_of

    root = ctx.find_root()
    root.ensure_object(dict)
    root.obj["workspace_slug"] = workspace_slug
    return context_of(current_workspace(ctx))


@text.command("classify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--column", default="text", show_default=True, help="The column holding the text.")
@click.option("--json", "as_json", is_flag=True, help='Print {"rows": [...]}, one per input row.')
@click.option(
    "--workspace",
    "workspace_slug",
    metavar="SLUG",
    help="Match against this workspace's standards, touchpoints, employees, themes and "
    "corrections (without it: labels, redaction and themes only).",
)
@click.pass_context
def classify(
    ctx: click.Context, file: Path, column: str, as_json: bool, workspace_slug: str | None
) -> None:
    """Label every row of FILE (a UTF-8 CSV with a header): sentiment and score, kind,
    dimension, standards, touchpoint, mentions, themes and the redacted text, in input order.

    Only the `redacted` field carries text, with e-mail addresses, phone, card and account
    numbers replaced. A progress bar shows on a terminal.
    """
    from servicegap.text.pipeline import Enricher

    texts = _read(file, column)
    engine = Enricher(_context(ctx, workspace_slug))
    if sys.stderr.isatty() and texts:
        with progress(length=len(texts), label=f"Labelling ({engine.backend})") as bar:
            seen = [0]

            def step(done: int, total: int) -> None:
                bar.update(done - seen[0])
                seen[0] = done

            rows = engine.enrich(texts, progress=step)
    else:
        rows = engine.enrich(texts)
    if as_json:
        emit_json({"backend": engine.backend, "rows": rows})
        return
    for i, row in enumerate(rows, start=1):
        click.echo(
            f"{i}\t{row['sentiment']} ({row['score']:+.2f})\t{row['kind']}\t{row['dimension']}\t"
            f"{', '.join(row['themes'])}\t{row['redacted']}"
        )


# `servicegap text enrich` (the Django side: label the stored comments) lives beside the worker.
text.add_command(enrich_command)

COMMANDS = [text]
