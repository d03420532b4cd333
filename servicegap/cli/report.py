from __future__ import annotations

import click

from servicegap.cli.base import current_workspace, emit_json

COLUMNS = (
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
    return f"{value:.2f}" if isinstance(value, float) else str(value)


@click.command()
@click.argument("kind", type=click.Choice(["headline"]))
@click.option(
    "--json", "as_json", is_flag=True, help='Print exactly one JSON object (rows under "rows").'
)
@click.pass_context
def report(ctx: click.Context, kind: str, as_json: bool) -> None:
    """Print a report. KIND: headline (the home page's gap per standard and perspective)."""
    workspace = current_workspace(ctx)
    from servicegap.gaps.reports import REPORTS

    result = REPORTS[kind](workspace)
    if as_json:
        emit_json(result)
        return
    click.echo("\t".join(COLUMNS))
    for row in result["rows"]:
        if row.get("hidden"):
            click.echo(
                f"{row['item']}\t{row['perspective']}\thidden (fewer respondents than the anonymity threshold)"
            )
            continue
        click.echo("\t".join(_fmt(row.get(c)) for c in COLUMNS))


COMMANDS = [report]
