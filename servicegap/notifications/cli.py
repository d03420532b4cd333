"""`servicegap webhook add|list|remove`: the workspace's webhooks (docs/webhooks.md)."""

from __future__ import annotations

import click

from servicegap.cli.base import CliError, audit, current_workspace, emit_json

EVENT_HELP = (
    "Comma-separated events: response.created, feedback.created, case.created, case.updated, "
    "case.closed, alert.raised, action.completed."
)


@click.group()
def webhook() -> None:
    """Add, list and remove webhooks (signed per the Standard Webhooks specification)."""


@webhook.command("add")
@click.argument("url")
@click.option("--events", required=True, help=EVENT_HELP)
@click.pass_context
def webhook_add(ctx: click.Context, url: str, events: str) -> None:
    """Send EVENTS to URL; the signing secret (whsec_…) is printed once, as the last line.

    URL must be http(s) and reach a public address, unless SERVICEGAP_WEBHOOK_ALLOW_PRIVATE=true.
    """
    workspace = current_workspace(ctx)
    from servicegap.notifications.service import add_webhook

    hook = add_webhook(workspace, url, events, created_by="cli")  # FieldError: --url / --events
    audit(workspace, "webhook.add", webhook_id=hook.pk, url=hook.url, events=hook.events)
    click.echo(
        f"webhook {hook.pk} sends {','.join(hook.events)} to {hook.url}; its secret (shown once):",
        err=True,
    )
    click.echo(hook.secret)


@webhook.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def webhook_list(ctx: click.Context, as_json: bool) -> None:
    """List the webhooks: id, URL, events, state of the last delivery (never the secret)."""
    workspace = current_workspace(ctx)
    from servicegap.notifications.models import Webhook
    from servicegap.notifications.service import describe

    rows = [describe(h) for h in Webhook.objects.of(workspace)]
    if as_json:
        emit_json({"rows": rows})
        return
    if not rows:
        click.echo("no webhooks; add one with `servicegap webhook add URL --events …`", err=True)
    for r in rows:
        last = r["last_delivery"]
        state = f"last {last['event']} {last['state']}" if last else "nothing sent yet"
        click.echo(f"{r['id']}\t{r['url']}\t{','.join(r['events'])}\t{state}")


@webhook.command("remove")
@click.argument("webhook_id", metavar="ID")
@click.pass_context
def webhook_remove(ctx: click.Context, webhook_id: str) -> None:
    """Remove webhook ID and its delivery log; nothing more is sent to it."""
    workspace = current_workspace(ctx)
    from servicegap.notifications.service import find

    hook = find(workspace, webhook_id)
    if hook is None:
        raise CliError(f"no webhook {webhook_id!r} in workspace {workspace.slug}")
    url = hook.url
    hook.delete()
    audit(workspace, "webhook.remove", webhook_id=int(webhook_id), url=url)
    click.echo(f"removed webhook {webhook_id} ({url})", err=True)


COMMANDS = [webhook]
