from __future__ import annotations

import secrets
from pathlib import Path

import click

from servicegap.cli.base import CliError, audit, current_workspace, emit_json

ROLES = ["owner", "leader", "manager", "employee"]
SCOPES = {"ingest", "ingest-protected", "read", "cases", "admin"}


@click.command()
@click.option("--email", required=True, help="Login e-mail of the user.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="Role in the workspace.")
@click.option(
    "--unit",
    "units",
    multiple=True,
    metavar="CODE",
    help="Unit the role is scoped to (managers and employees); repeatable.",
)
@click.option(
    "--person",
    metavar="CODE",
    default=None,
    help='Their employee or leader record (its code), for My page and recognitions; "" unlinks.',
)
@click.option(
    "--password-file",
    type=click.Path(exists=True, dir_okay=False),
    help="File holding the password. Default: a random password is generated and printed.",
)
@click.pass_context
def createuser(
    ctx: click.Context,
    email: str,
    role: str,
    units: tuple[str, ...],
    person: str | None,
    password_file: str | None,
) -> None:
    """Create a user (or update their role) in the workspace."""
    workspace = current_workspace(ctx)
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from servicegap.accounts.services import set_membership

    try:
        validate_email(email)
    except ValidationError:
        raise CliError(f"--email: {email!r} is not an e-mail address") from None
    if role in ("manager", "employee") and not units:
        raise CliError(f"--unit: a {role} is scoped to at least one unit")
    password = (
        Path(password_file).read_text().strip() if password_file else secrets.token_urlsafe(12)
    )
    if len(password) < 8:
        raise CliError("--password-file: the password must be at least 8 characters")
    try:
        user, created = set_membership(workspace, email, role, list(units), password, person)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    audit(
        workspace,
        "user.create" if created else "user.update",
        email=email,
        role=role,
        units=list(units),
        **({"person": person} if person is not None else {}),
    )
    click.echo(
        f"{'created' if created else 'updated'} {email} as {role} of {workspace.slug}", err=True
    )
    if not password_file:
        click.echo(f"password: {password}")


@click.group()
def apikey() -> None:
    """Create, list and revoke API keys of the workspace."""


@apikey.command("create")
@click.option(
    "--scope",
    required=True,
    help="Comma-separated scopes: ingest, ingest-protected (employee, leader and internal responses too), read, cases (change cases, notes, replies), admin.",
)
@click.option("--name", default="", help="A label to tell keys apart.")
@click.pass_context
def apikey_create(ctx: click.Context, scope: str, name: str) -> None:
    """Create a key; it is printed once, as the last line, and stored only as a hash."""
    scopes = sorted({s.strip() for s in scope.split(",") if s.strip()})
    unknown = set(scopes) - SCOPES
    if not scopes or unknown:
        raise CliError(
            f"--scope: unknown scope {', '.join(sorted(unknown)) or '(none)'}; use ingest, read, admin"
        )
    workspace = current_workspace(ctx)
    from servicegap.accounts.models import ApiKey

    key, raw = ApiKey.issue(workspace, scopes, name)
    audit(workspace, "apikey.create", prefix=key.prefix, scopes=scopes)
    click.echo(f"API key {key.prefix}… with scopes {','.join(scopes)} (shown once):", err=True)
    click.echo(raw)


@apikey.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def apikey_list(ctx: click.Context, as_json: bool) -> None:
    """List the keys (prefix, scopes, last use); the keys themselves are not stored."""
    workspace = current_workspace(ctx)
    from servicegap.accounts.models import ApiKey

    rows = [
        {
            "prefix": k.prefix,
            "name": k.name,
            "scopes": k.scopes,
            "created_at": k.created_at,
            "last_used_at": k.last_used_at,
            "revoked": not k.active,
        }
        for k in ApiKey.objects.of(workspace)
    ]
    if as_json:
        emit_json({"rows": rows})
        return
    for r in rows:
        state = "revoked" if r["revoked"] else "active"
        click.echo(
            f"{r['prefix']}\t{','.join(r['scopes'])}\t{state}\t{r['last_used_at'] or 'never used'}\t{r['name']}"
        )


@apikey.command("revoke")
@click.argument("prefix")
@click.pass_context
def apikey_revoke(ctx: click.Context, prefix: str) -> None:
    """Revoke the key whose prefix is PREFIX."""
    workspace = current_workspace(ctx)
    from servicegap.accounts.models import ApiKey

    keys = list(ApiKey.objects.of(workspace).filter(prefix=prefix, revoked_at__isnull=True))
    if len(keys) != 1:
        raise CliError(f"no single active key with prefix {prefix!r}")
    keys[0].revoke()
    audit(workspace, "apikey.revoke", prefix=prefix)
    click.echo(f"revoked {prefix}", err=True)


@click.command("two-factor-off")
@click.option("--email", required=True, help="Login e-mail of the user.")
def two_factor_off(email: str) -> None:
    """Turn two-factor sign-in off for a user who lost their authenticator app.

    They log in with their password alone and may turn it on again on their account page.
    Written to the audit log of each of their workspaces.
    """
    from servicegap.cli.base import require_database

    require_database()
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from servicegap.core.audit import record
    from servicegap.core.web import memberships_of

    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise CliError(f"--email: no user {email!r}")
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    if not removed:
        raise CliError(f"{user.email} does not use two-factor sign-in")
    for membership in memberships_of(user):
        record(membership.workspace, "cli", "member.two_factor.off", email=user.email)
    click.echo(f"two-factor sign-in is off for {user.email}", err=True)


COMMANDS = [createuser, apikey, two_factor_off]
