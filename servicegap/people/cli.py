"""`servicegap person export|erase` and `servicegap retention`: one person's data, and how long
personal data is kept (docs/privacy.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from servicegap.cli.base import CliError, audit, current_workspace, emit_json

if TYPE_CHECKING:
    from servicegap.core.models import Workspace

WORKSPACE_OPTION = click.option(
    "--workspace",
    "workspace_slug",
    metavar="SLUG",
    help="Workspace to act on (the same as the global --workspace).",
)


def _use_workspace(ctx: click.Context, slug: str | None) -> None:
    if slug:
        root = ctx.find_root()
        root.ensure_object(dict)
        root.obj["workspace_slug"] = slug


def _person(workspace: Workspace, code: str):
    from servicegap.people.models import Person

    person = Person.objects.of(workspace).filter(code=code).first()
    if person is None:
        raise CliError(f"no person with code {code!r} in workspace {workspace.slug}")
    return person


@click.group()
def person() -> None:
    """Export or erase everything the workspace holds about one person (customer or employee)."""


@person.command("export")
@click.argument("code")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the JSON to FILE instead of stdout.",
)
@WORKSPACE_OPTION
@click.pass_context
def person_export(
    ctx: click.Context, code: str, output: str | None, workspace_slug: str | None
) -> None:
    """Print every row about person CODE, in every table, as one JSON document.

    For a subject access request; docs/privacy.md describes what it holds. Unlike the web
    page's download, it includes the person's employee, leader and internal answers: the
    installation administrator runs it (docs/anonymity.md).
    """
    _use_workspace(ctx, workspace_slug)
    workspace = current_workspace(ctx)
    from servicegap.people.privacy import export_person

    found = _person(workspace, code)
    document = export_person(workspace, found, protected=True)
    audit(workspace, "person.export", person_id=found.pk)
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote the data of {code} to {output}", err=True)
    else:
        click.echo(text)


@person.command("erase")
@click.argument("code")
@click.option("--yes", is_flag=True, help="Confirm: the erasure cannot be undone.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the counts.")
@WORKSPACE_OPTION
@click.pass_context
def person_erase(
    ctx: click.Context, code: str, yes: bool, as_json: bool, workspace_slug: str | None
) -> None:
    """Erase person CODE: delete them, unlink and redact their answers, feedback and cases.

    Ratings stay in the figures without them; the audit log records the counts only.
    docs/privacy.md lists what happens in each table.
    """
    if not yes:
        raise CliError("erasing a person cannot be undone; add --yes to confirm")
    _use_workspace(ctx, workspace_slug)
    workspace = current_workspace(ctx)
    from servicegap.people.privacy import erase_person

    done = erase_person(workspace, _person(workspace, code), actor="cli")
    if as_json:
        emit_json({"erased": True, "counts": done})
        return
    click.echo(
        f"erased {code} from {workspace.slug}: "
        + ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in done.items() if n),
        err=True,
    )


@click.group()
def retention() -> None:
    """Show, set or apply how long the workspace keeps personal data (docs/privacy.md)."""


@retention.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@WORKSPACE_OPTION
@click.pass_context
def retention_show(ctx: click.Context, as_json: bool, workspace_slug: str | None) -> None:
    """Print the retention period in days, or "off"."""
    _use_workspace(ctx, workspace_slug)
    workspace = current_workspace(ctx)
    if as_json:
        emit_json({"workspace": workspace.slug, "retention_days": workspace.retention_days})
        return
    click.echo(workspace.retention_days or "off")


@retention.command("set")
@click.argument("days", metavar="DAYS|off")
@WORKSPACE_OPTION
@click.pass_context
def retention_set(ctx: click.Context, days: str, workspace_slug: str | None) -> None:
    """Keep personal data DAYS days (at least 30), or keep it until erased ("off").

    Applied every night by the worker; `servicegap retention apply` applies it now.
    """
    if days.strip().lower() == "off":
        value = None
    else:
        try:
            value = int(days)
        except ValueError:
            raise CliError(f"DAYS must be a whole number of days or off, not {days!r}") from None
    _use_workspace(ctx, workspace_slug)
    workspace = current_workspace(ctx)
    from servicegap.people.retention import RetentionError, set_retention

    try:
        set_retention(workspace, value, actor="cli")
    except RetentionError as exc:
        raise CliError(str(exc)) from None
    click.echo(
        f"{workspace.slug} keeps personal data "
        + (f"{value} days" if value else "until a person is erased"),
        err=True,
    )


@retention.command("apply")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the counts.")
@WORKSPACE_OPTION
@click.pass_context
def retention_apply(ctx: click.Context, as_json: bool, workspace_slug: str | None) -> None:
    """Apply the retention period now (the worker does so every night)."""
    _use_workspace(ctx, workspace_slug)
    workspace = current_workspace(ctx)
    from servicegap.people.retention import apply_retention

    done = apply_retention(workspace)
    if as_json:
        emit_json({"retention_days": workspace.retention_days, "counts": done})
        return
    if not workspace.retention_days:
        click.echo(f"{workspace.slug} has no retention period; nothing removed", err=True)
        return
    removed = ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in done.items() if n)
    click.echo(f"removed: {removed or 'nothing'}", err=True)


COMMANDS = [person, retention]
