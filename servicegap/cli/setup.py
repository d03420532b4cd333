from __future__ import annotations

import re

import click

from servicegap.cli.base import CliError, connect_database, setup_django

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")


@click.command()
@click.option(
    "--workspace",
    "slug",
    metavar="SLUG",
    help="Create this workspace (default: the global --workspace).",
)
@click.option("--name", help="Display name of a new workspace.")
@click.option(
    "--scale",
    type=click.Choice(["5", "7", "10"]),
    default="7",
    show_default=True,
    help="Rating scale of a new workspace (1..N).",
)
@click.option(
    "--time-zone", default="UTC", show_default=True, help="IANA time zone of a new workspace."
)
@click.pass_context
def init(
    ctx: click.Context, slug: str | None, name: str | None, scale: str, time_zone: str
) -> None:
    """Create or migrate the database, and create the workspace."""
    from servicegap.conf import ConfigError, data_dir, database_url, ensure_secret_key

    slug = slug or (ctx.find_root().obj or {}).get("workspace_slug")
    if slug and not SLUG_RE.match(slug):
        raise CliError(f"workspace slug {slug!r} must be lower-case letters, digits and hyphens")
    try:
        database_url()  # a URL file that cannot be read stops us before anything is created
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    data_dir().mkdir(parents=True, exist_ok=True)
    ensure_secret_key()
    setup_django()
    connect_database()
    migrate_database()
    if slug:
        create_workspace(slug, name or slug, int(scale), time_zone)


def migrate_database(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def create_workspace(slug: str, name: str, scale: int = 7, time_zone: str = "UTC"):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from servicegap.core.models import Workspace

    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise CliError(
            f"unknown time zone {time_zone!r} (use an IANA name like Europe/Amsterdam)"
        ) from None
    workspace, created = Workspace.objects.get_or_create(
        slug=slug, defaults={"name": name, "scale_max": scale, "time_zone": time_zone}
    )
    click.echo(f"workspace {slug} {'created' if created else 'exists'}", err=True)
    return workspace


COMMANDS = [init]
