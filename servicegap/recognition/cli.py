"""`servicegap recognition digest`: send last month's recognition digests now (docs/recognition.md)."""

from __future__ import annotations

import click

from servicegap.cli.base import CliError, current_workspace, emit_json


@click.group()
def recognition() -> None:
    """Recognition: the employees' monthly digest."""


@recognition.command("digest")
@click.option(
    "--month",
    metavar="YYYY-MM",
    help="The month to report; default: last month. At most a year back.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def digest(ctx: click.Context, month: str | None, as_json: bool) -> None:
    """Send each employee of the workspace recognised in MONTH their digest.

    The worker does this on the 1st of every month; run it to catch up after the mail server
    was down. A person who already had that month's digest gets nothing again.
    """
    import datetime as dt

    from django.utils import timezone

    from servicegap.recognition.digest import send_month
    from servicegap.recognition.months import month_label, previous_month

    workspace = current_workspace(ctx)
    last = previous_month(timezone.now())
    chosen = last
    if month:
        try:
            chosen = dt.datetime.strptime(month, "%Y-%m").date()
        except ValueError:
            raise CliError(f"--month: {month!r} is not a month written YYYY-MM") from None
        if chosen > last:
            raise CliError(f"--month: {month} has not ended yet; the latest is {last:%Y-%m}")
        if (last.year - chosen.year) * 12 + last.month - chosen.month > 12:
            raise CliError(f"--month: {month} is more than a year back")
    outcome = send_month(workspace, chosen)
    if as_json:
        emit_json(
            {
                "workspace": workspace.slug,
                "month": f"{chosen:%Y-%m}",
                "sent": outcome.sent,
                "already_sent": outcome.skipped,
                "refused": outcome.refused,
                "error": outcome.error or None,
            }
        )
    click.echo(f"{workspace.slug}: {month_label(chosen)}: {outcome}", err=True)
    if outcome.error:
        raise CliError("the mail server could not be reached; run this again later")


COMMANDS = [recognition]
