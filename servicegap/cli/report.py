"""`servicegap report KIND`: one subcommand per registered report kind, generated from its
declaration (servicegap/reports/registry.py) and the one filter specification
(servicegap/reports/params.py), so a new kind brings its own options; and `report pdf`."""

from __future__ import annotations

from typing import Any

import click

from servicegap.cli.base import CliError, audit, current_workspace, emit_json, setup_django
from servicegap.reports import params as spec


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return " ".join(f"{k}={_fmt(v)}" for k, v in value.items())
    return str(value)


def table_lines(result: dict) -> list[str]:
    """A readable tab-separated table: the one-object figures, then the rows."""
    lines = [f"{key}: {_fmt(value)}" for key, value in result.items() if key != "rows"]
    rows = result.get("rows")
    if rows is None:
        return lines
    if not rows:
        return [*lines, "no rows (too little data)"]
    columns: list[str] = []
    for row in rows:
        columns.extend(c for c in row if c not in columns)
    lines.append("\t".join(columns))
    for row in rows:
        lines.append("\t".join(_fmt(row.get(c)) if c in row else "" for c in columns))
    return lines


def option(param: spec.Param) -> click.Option:
    """The CLI option of one filter parameter (choices are checked by the engine, which names
    the option in its error, as the API and the page do)."""
    help_text = param.help
    if param.choices and param.name != "by" and "," not in help_text:
        help_text += f" One of: {', '.join(param.choices)}."
    return click.Option([f"--{param.name}", param.attr], metavar=param.metavar or None,
                        help=help_text)  # fmt: skip


def _kind_command(kind) -> click.Command:
    params = kind.parameters

    def callback(as_json: bool, **values: Any) -> None:
        ctx = click.get_current_context()
        workspace = current_workspace(ctx)
        from servicegap.gaps.kinds import run
        from servicegap.reports.progress import terminal_bar

        raw = {p.name: values.get(p.attr) for p in params}
        with terminal_bar(kind.title):  # drawn only if the builder reports steps (clv's fit)
            result = run(workspace, kind.name, raw)  # a ReportError is `--field: message`
        if as_json:
            emit_json(result)
            return
        for line in (kind.text or table_lines)(result):
            click.echo(line)

    json_flag = click.Option(["--json", "as_json"], is_flag=True,
                             help="Print exactly one JSON object (the API's document).")  # fmt: skip
    return click.Command(
        kind.name,
        callback=callback,
        params=[*(option(p) for p in params), json_flag],
        help=f"{kind.heading}. {kind.reading}",
        short_help=kind.heading,
    )


def _pdf_command() -> click.Command:
    def callback(output: str | None, **values: Any) -> None:
        from pathlib import Path

        from servicegap.gaps.kinds import run
        from servicegap.reports import pdf

        workspace = current_workspace(click.get_current_context())
        if not output:
            raise CliError("--output: the PDF needs a file to be written to")
        raw = {p.name: values.get(p.attr) for p in spec.COMMON}
        body, pages = pdf.render(
            workspace, raw, lambda kind, filters: run(workspace, kind, filters)
        )
        Path(output).write_bytes(body)
        audit(workspace, "export.report", kind="pdf", filters={k: v for k, v in raw.items() if v})
        click.echo(f"wrote {pages} pages to {output}", err=True)

    return click.Command(
        "pdf",
        callback=callback,
        params=[
            *(option(p) for p in spec.COMMON),
            click.Option(
                ["--output"], type=click.Path(dir_okay=False), help="The file to write (required)."
            ),  # fmt: skip
        ],
        help="Every report with a page, one after the other, printed as on screen, to --output.",
        short_help="Every report on a printable PDF.",
    )


class ReportGroup(click.Group):
    """The kinds come from the registry, which the apps fill when Django is set up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        setup_django()
        from servicegap.reports import registry

        return [*registry.names(), "pdf"]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        setup_django()
        from servicegap.reports import registry

        if cmd_name == "pdf":
            return _pdf_command()
        kind = registry.get(cmd_name)
        return _kind_command(kind) if kind is not None else None


@click.group(cls=ReportGroup)
def report() -> None:
    """Print a report, the same document as GET /api/v1/reports/KIND (`--json`), or every
    report as a printable PDF (`report pdf --output FILE`). `servicegap report KIND --help`
    lists the options of KIND."""


COMMANDS = [report]
