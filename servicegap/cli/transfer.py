"""`servicegap import KIND FILE` and `servicegap export KIND`: files in, files out.

The kinds and their columns live in their apps, declared as ``import_kinds`` and collected by
servicegap.transfer.registry (docs/formats.md describes them).
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
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the report.")
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Write the good rows; list the bad ones with their reasons in a reject file.",
)
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False, writable=True),
    help="Reject file for --skip-invalid (default: FILE.rejects.csv).",
)
@click.option(
    "--survey",
    metavar="CODE",
    help="qualtrics-responses, wide, limesurvey-responses: the survey answered.",
)
@click.option(
    "--map",
    "mapping",
    type=click.Path(exists=True, dir_okay=False),
    help="qualtrics-responses, wide: column mapping CSV (column,item,kind[,value]).",
)
@click.option(
    "--time-zone",
    metavar="ZONE",
    help="qualtrics-responses, wide, limesurvey (.lsa), limesurvey-responses: IANA zone of the "
    "file's dates (default: the file's, else UTC).",
)
@click.option("--code", metavar="CODE", help="limesurvey, qualtrics-survey: the new survey's code.")
@click.option(
    "--publish",
    is_flag=True,
    help="limesurvey, qualtrics-survey: publish the new survey at once (default: a draft).",
)
@click.option(
    "--include-preview",
    is_flag=True,
    help="qualtrics-responses: keep the rows Qualtrics marks as preview, test or spam "
    "(default: left out and counted).",
)
@click.option(
    "--include-unfinished",
    is_flag=True,
    help="qualtrics-responses, limesurvey (.lsa), limesurvey-responses: keep unfinished "
    "responses (default: left out and counted).",
)
@click.option(
    "--date-format",
    metavar="FORMAT",
    help="wide: how the file writes its dates when day and month could be either: DMY, MDY, "
    "YMD, or a strptime pattern such as %d.%m.%Y %H:%M.",
)
@click.option(
    "--open-cases",
    is_flag=True,
    help="responses, feedback, qualtrics-responses, wide, limesurvey-responses: let the case "
    "rules open cases for rows "
    "submitted in the last 14 days, as for live input (default: an import opens none).",
)
@click.pass_context
def import_cmd(
    ctx: click.Context,
    kind: str,
    file: str,
    as_json: bool,
    skip_invalid: bool,
    rejects: str | None,
    survey: str | None,
    mapping: str | None,
    time_zone: str | None,
    code: str | None,
    open_cases: bool,
    publish: bool,
    include_preview: bool,
    include_unfinished: bool,
    date_format: str | None,
) -> None:
    """Import KIND from FILE (CSV, UTF-8; also xlsx or Parquet), all rows or none.

    Rows are matched by code: new codes are created, known ones updated. Every bad row is
    reported as FILE:LINE: column: reason, and then nothing is written, unless --skip-invalid.
    FILE '-' reads stdin. limesurvey (.lss) and qualtrics-survey (.qsf) create a draft survey and
    report what did not map; limesurvey with an archive (.lsa) adds its responses. qualtrics-
    responses and wide need --survey and --map (run them without --map for a proposed mapping);
    limesurvey-responses needs --survey.
    """
    name = "<stdin>" if file == "-" else file
    reject_path = Path(rejects or f"{file}.rejects.csv") if skip_invalid else None
    if skip_invalid and file == "-" and not rejects:
        raise CliError("--skip-invalid with FILE '-' needs --rejects FILE for the bad rows")
    workspace = current_workspace(ctx)
    from django.db import DatabaseError, transaction

    from servicegap.transfer.filekinds import MappingNeeded, Options, write_rejects
    from servicegap.transfer.registry import Rejected, TransferError
    from servicegap.transfer.runner import run_import

    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    options = Options(
        skip_invalid=skip_invalid,
        survey=survey or "",
        code=code or "",
        mapping=Path(mapping).read_bytes() if mapping else None,
        mapping_name=mapping or "",
        time_zone=time_zone or "",
        protected=True,  # the CLI is the installation administrator's (surveys/protected.py)
        open_cases=open_cases,
        publish=publish,
        include_preview=include_preview,
        include_unfinished=include_unfinished,
        date_format=date_format or "",
    )
    try:
        with transaction.atomic():
            report = run_import(workspace, kind, data, name, progress=progress, options=options)
            if reject_path is not None:
                write_rejects(report, reject_path)
            audit(
                workspace,
                f"import.{kind}",
                file=name,
                created=report.created,
                updated=report.updated,
                unchanged=report.unchanged,
                rejected=len(report.rejected),
            )
    except MappingNeeded as exc:
        click.echo(exc.proposal, nl=False)
        raise CliError(str(exc)) from None
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
    _show_report(report, name, reject_path, as_json)


def _show_report(report, name: str, reject_path: Path | None, as_json: bool) -> None:
    for problem in report.unsupported:
        click.echo(problem.show(name), err=True)
    summary = (
        f"{report.kind}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )
    if report.skipped:
        summary += f", {report.skipped} without answers"
    if report.unsupported:
        summary += f"; {len(report.unsupported)} item(s) not imported (listed above)"
    for note in report.notes:
        click.echo(note, err=True)
    click.echo(summary, err=True)
    if reject_path is not None:
        click.echo(f"{len(report.rejected)} bad row(s) written to {reject_path}", err=True)
    if as_json:
        result = report.as_json()
        if reject_path is not None:
            result["rejected"] = len(report.rejected)
            result["rejects"] = str(reject_path)
        emit_json(result)


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
