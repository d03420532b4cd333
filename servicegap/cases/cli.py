"""`servicegap cases list|rules|rule`: the cases of the workspace, and the rules that open them
(docs/cases.md)."""

from __future__ import annotations

import click

from servicegap.cli.base import CliError, audit, current_workspace, emit_json

TRIGGERS = ("complaint", "detractor", "misery", "reply")
SEVERITIES = ("high", "normal", "low")


@click.group()
def cases() -> None:
    """List cases, and switch the rules that open them."""


@cases.command("list")
@click.option("--status", help="new, open, waiting, closed, or active (not closed).")
@click.option(
    "--unit",
    metavar="CODE",
    help="Cases of this unit and the units below it; - for the triage queue.",
)
@click.option("--severity", type=click.Choice(SEVERITIES))
@click.option(
    "--breached", type=click.Choice(["true", "false"]), help="Past their due time, or not."
)
@click.option(
    "--as",
    "member",
    metavar="EMAIL",
    help="Only the cases this member sees on the cases page (a manager: their units').",
)
@click.option("--json", "as_json", is_flag=True, help='Print one JSON object: {"rows": [...]}.')
@click.pass_context
def cases_list(
    ctx: click.Context,
    status: str | None,
    unit: str | None,
    severity: str | None,
    breached: str | None,
    member: str | None,
    as_json: bool,
) -> None:
    """The cases, newest first (a FieldError names the option at fault)."""
    workspace = current_workspace(ctx)
    from django.utils import timezone

    from servicegap.accounts.models import Membership
    from servicegap.cases import query
    from servicegap.cases.serialize import RELATED, rows
    from servicegap.core.web import unit_scope

    scope = None
    if member:
        found = Membership.objects.of(workspace).filter(user__email__iexact=member).first()
        if found is None:
            raise CliError(f"--as: {member!r} is not a member of workspace {workspace.slug}")
        scope = unit_scope(found)
    params = {"status": status, "unit": unit, "severity": severity, "breached": breached}
    found_cases = query.apply(
        query.visible(workspace, scope), workspace, query.parse(params), timezone.now()
    )
    table = rows(workspace, found_cases.select_related(*RELATED).order_by("-number"))
    if as_json:
        emit_json({"rows": table})
        return
    if not table:
        click.echo("no cases match", err=True)
    for r in table:
        due = "past due" if r["breached"] else f"due {(r['due_at'] or '-')[:16]}"
        click.echo(
            f"{r['id']:>5}  {r['status']:<8} {r['severity']:<6} {r['unit'] or 'triage':<10} "
            f"{r['owner'] or 'nobody':<24} {due:<20} {r['outcome']:<8} {r['title'][:60]}"
        )


@cases.command("rules")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def cases_rules(ctx: click.Context, as_json: bool) -> None:
    """The rules that open cases: on or off, and the severity of the cases they open."""
    workspace = current_workspace(ctx)
    from servicegap.cases.rules import rules_of

    found = [
        {"trigger": r.trigger, "enabled": r.enabled, "severity": r.severity}
        for r in rules_of(workspace).values()
    ]
    if as_json:
        emit_json({"rows": found})
        return
    for r in found:
        click.echo(f"{r['trigger']:<10} {'on' if r['enabled'] else 'off':<4} {r['severity']}")


@cases.command("rule")
@click.argument("trigger", type=click.Choice(TRIGGERS))
@click.option("--on/--off", "enabled", default=None, help="Switch the rule on or off.")
@click.option("--severity", type=click.Choice(SEVERITIES), help="Severity of the cases it opens.")
@click.pass_context
def cases_rule(
    ctx: click.Context, trigger: str, enabled: bool | None, severity: str | None
) -> None:
    """Switch rule TRIGGER on or off, or give it another severity."""
    if enabled is None and severity is None:
        raise CliError("say what to change: --on, --off or --severity")
    workspace = current_workspace(ctx)
    from servicegap.cases.models import CaseRule
    from servicegap.cases.rules import rules_of

    now = rules_of(workspace)[trigger]
    row, _ = CaseRule.objects.update_or_create(
        workspace=workspace, trigger=trigger,
        defaults={
            "enabled": now.enabled if enabled is None else enabled,
            "severity": severity or now.severity,
        },
    )  # fmt: skip
    audit(workspace, "cases.rule", trigger=trigger, enabled=row.enabled, severity=row.severity)
    click.echo(f"{trigger}: {'on' if row.enabled else 'off'}, severity {row.severity}", err=True)


COMMANDS = [cases]
