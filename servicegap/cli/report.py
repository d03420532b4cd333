from __future__ import annotations

import click

from servicegap.cli.base import CliError, audit, current_workspace, emit_json

MEASURE = ("gaps", "perception", "moments", "nps", "csat", "ces", "drivers", "kano", "alerts")
HEADLINE_COLUMNS = (
    "item",
    "perspective",
    "n",
    "expectation_mean",
    "experience_mean",
    "gap",
    "ci_low",
    "ci_high",
)


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


def _print_headline(result: dict) -> None:
    click.echo("\t".join(HEADLINE_COLUMNS))
    for row in result["rows"]:
        if row.get("hidden"):
            click.echo(
                f"{row['item']}\t{row['perspective']}\thidden (fewer respondents than the anonymity threshold)"
            )
            continue
        click.echo("\t".join(_fmt(row.get(c)) for c in HEADLINE_COLUMNS))


def _print_table(result: dict) -> None:
    """A readable tab-separated table: the one-object figures, then the rows."""
    for key, value in result.items():
        if key != "rows":
            click.echo(f"{key}: {_fmt(value)}")
    rows = result.get("rows")
    if rows is None:
        return
    if not rows:
        click.echo("no rows (too little data)")
        return
    columns: list[str] = []
    for row in rows:
        columns.extend(c for c in row if c not in columns)
    click.echo("\t".join(columns))
    for row in rows:
        click.echo("\t".join(_fmt(row.get(c)) if c in row else "" for c in columns))


@click.command()
@click.argument("kind", type=click.Choice(["headline", *MEASURE, "pdf"]))
@click.option(
    "--by", help="Rows by item, dimension, touchpoint, journey, unit, perspective or period."
)
@click.option("--perspective", help="customer (default), employee, leader or internal.")
@click.option("--unit", help="A unit code: the unit and its whole subtree.")
@click.option("--touchpoint", help="A touchpoint code.")
@click.option("--from", "date_from", metavar="DATE", help="First day (ISO date); none: all time.")
@click.option("--to", "date_to", metavar="DATE", help="Last day (ISO date), inclusive.")
@click.option(
    "--period", help="Calendar period for --by period and alerts: month (default), quarter, year."
)
@click.option("--segment", metavar="KEY=VALUE", help="Customers with this person attribute.")
@click.option("--outcome", help="drivers: overall (default) or nps.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print exactly one JSON object (the API's document)."
)
@click.option(
    "--output", type=click.Path(dir_okay=False), help="pdf: the file to write (required)."
)
@click.pass_context
def report(
    ctx: click.Context,
    kind: str,
    by: str | None,
    perspective: str | None,
    unit: str | None,
    touchpoint: str | None,
    date_from: str | None,
    date_to: str | None,
    period: str | None,
    segment: str | None,
    outcome: str | None,
    as_json: bool,
    output: str | None,
) -> None:
    """Print a report, the same document as GET /api/v1/reports/KIND.

    KIND: headline (the home page's gap per standard and perspective), gaps, perception, moments,
    nps, csat, ces, drivers, kano or alerts; or pdf: every report on a printable PDF, one page
    each, written to --output.
    """
    workspace = current_workspace(ctx)
    if kind == "headline":
        from servicegap.gaps.reports import REPORTS

        result = REPORTS[kind](workspace)
        if as_json:
            emit_json(result)
        else:
            _print_headline(result)
        return
    from servicegap.gaps.kinds import ReportError, run

    params = {
        "by": by,
        "perspective": perspective,
        "unit": unit,
        "touchpoint": touchpoint,
        "from": date_from,
        "to": date_to,
        "period": period,
        "segment": segment,
        "outcome": outcome,
    }
    if kind == "pdf":
        _write_pdf(workspace, params, output)
        return
    try:
        result = run(workspace, kind, params)
    except ReportError as exc:
        raise CliError(f"--{exc.field}: {exc.message}") from None
    if as_json:
        emit_json(result)
    else:
        _print_table(result)


def _write_pdf(workspace, params: dict, output: str | None) -> None:
    from pathlib import Path

    from servicegap.gaps import pdf
    from servicegap.gaps.kinds import run

    if not output:
        raise CliError("--output: the PDF needs a file to be written to")
    body = pdf.render(workspace, params, lambda kind, filters: run(workspace, kind, filters))
    Path(output).write_bytes(body)
    audit(workspace, "export.report", kind="pdf", filters={k: v for k, v in params.items() if v})
    click.echo(f"wrote {len(pdf.TITLES)} pages to {output}", err=True)


COMMANDS = [report]
