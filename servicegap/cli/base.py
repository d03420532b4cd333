"""Shared plumbing of the CLI: global options, Django set-up, workspace choice, output."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from servicegap.lib.errors import FieldError

if TYPE_CHECKING:
    from servicegap.core.models import Workspace


class CliError(click.ClickException):
    """A problem the user can fix; printed as one sentence on stderr, exit status 1."""

    def show(self, file=None) -> None:
        click.echo(f"servicegap: {self.format_message()}", err=True)


class Group(click.Group):
    """The ``servicegap`` group: a ``FieldError`` out of any command (a report filter, the
    response contract) is one sentence naming the option, ``--field: message``, exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FieldError as exc:
            raise CliError(exc.sentence()) from None


@click.group(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--env-file",
    type=click.Path(exists=True, dir_okay=False),
    help="Read settings from this file of NAME=value lines (a systemd EnvironmentFile, e.g. "
    "/etc/servicegap/servicegap.env); the environment wins over it.",
)
@click.option(
    "--data-dir",
    envvar="SERVICEGAP_DATA_DIR",
    type=click.Path(file_okay=False),
    help="Data directory (SQLite database, secret key). Env: SERVICEGAP_DATA_DIR.",
)
@click.option(
    "--database-url",
    envvar="SERVICEGAP_DATABASE_URL",
    help="PostgreSQL URL instead of SQLite. Env: SERVICEGAP_DATABASE_URL.",
)
@click.option(
    "--workspace",
    "workspace_slug",
    metavar="SLUG",
    help="Workspace to act on (default: the only one).",
)
@click.version_option(package_name="servicegap")
@click.pass_context
def group(
    ctx: click.Context,
    env_file: str | None,
    data_dir: str | None,
    database_url: str | None,
    workspace_slug: str | None,
) -> None:
    """ServiceGap: publish service standards, measure the gap customers and employees experience.

    Data goes to stdout, messages and progress bars to stderr.
    """
    if env_file:
        from servicegap.conf import ConfigError, load_env_file

        try:
            load_env_file(Path(env_file))
        except ConfigError as exc:
            raise CliError(str(exc)) from None
    if data_dir:
        os.environ["SERVICEGAP_DATA_DIR"] = data_dir
    if database_url:
        os.environ["SERVICEGAP_DATABASE_URL"] = database_url
    ctx.ensure_object(dict)
    ctx.obj["workspace_slug"] = workspace_slug


def setup_django() -> None:
    """Import settings and set Django up, turning configuration errors into CLI errors."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicegap.settings")
    from servicegap.conf import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as exc:
        raise CliError(str(exc)) from None


def database_ready() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        return not executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:  # noqa: BLE001 - unreachable database: reported by the caller
        return False


def require_database() -> None:
    """Django set up and the database reachable and migrated. Never creates a SQLite file: a
    command other than `init`, `restore` and `demo` finding none says how to get one, so a
    PostgreSQL URL that did not arrive never turns into an empty SQLite installation."""
    setup_django()
    require_sqlite_file()
    connect_database()
    if not database_ready():
        raise CliError(
            "the database is not initialised or not migrated; run `servicegap init` first"
        )


def require_sqlite_file() -> None:
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite" or connection.creation.is_in_memory_db(name):  # type: ignore[attr-defined]
        return  # PostgreSQL, or the test run's shared in-memory database
    if not Path(name).exists():
        raise CliError(
            "there is no database: neither SERVICEGAP_DATABASE_URL nor "
            "SERVICEGAP_DATABASE_URL_FILE is set (so it would be SQLite), and there is no SQLite "
            f"database at {connection.settings_dict['NAME']}. For PostgreSQL set one of them "
            "(docs/operations.md); for SQLite run `servicegap init`"
        )


def connect_database() -> None:
    """Connect, or stop with a sentence naming the database (never its password)."""
    from django.db import connection

    try:
        connection.ensure_connection()
    except Exception as exc:  # noqa: BLE001
        raise CliError(f"cannot reach {describe_database()}: {exc}") from None


def describe_database() -> str:
    """``PostgreSQL database NAME at HOST:PORT as USER`` or ``the SQLite database PATH``."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "postgresql":
        where = f"{db.get('HOST') or 'the local socket'}:{db.get('PORT') or 5432}"
        return f"PostgreSQL database {db['NAME']} at {where} as {db.get('USER') or '(default)'}"
    return f"the SQLite database {db['NAME']}"


def current_workspace(ctx: click.Context):
    """The workspace named by --workspace, or the only one; an error lists the slugs otherwise."""
    require_database()
    from servicegap.core.models import Workspace

    slug = (ctx.find_root().obj or {}).get("workspace_slug")
    if slug:
        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is None:
            raise CliError(f"no workspace {slug!r}; existing: {_slugs() or 'none'}")
        return workspace
    workspaces = list(Workspace.objects.all()[:2])
    if not workspaces:
        raise CliError("there is no workspace yet; run `servicegap init --workspace SLUG`")
    if len(workspaces) > 1:
        raise CliError(f"several workspaces exist; choose one with --workspace SLUG: {_slugs()}")
    return workspaces[0]


def _slugs() -> str:
    from servicegap.core.models import Workspace

    return ", ".join(Workspace.objects.values_list("slug", flat=True))


def emit_json(payload: dict[str, Any]) -> None:
    """Exactly one JSON object on stdout."""
    click.echo(json.dumps(payload, default=str, ensure_ascii=False))


def audit(workspace: Workspace, action: str, **detail: Any) -> None:
    from servicegap.core.models import AuditEntry

    AuditEntry.objects.create(workspace=workspace, actor="cli", action=action, detail=detail)


def run_guarded(command: click.Group, argv: list[str] | None) -> int:
    """Run the CLI; any unexpected error becomes one sentence (the traceback only in debug)."""
    try:
        command.main(args=argv, prog_name="servicegap", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("servicegap: aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("servicegap: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("SERVICEGAP_DEBUG", "").lower() == "true":
            logging.getLogger("servicegap").exception("unexpected error")
        click.echo(f"servicegap: unexpected error: {type(exc).__name__}: {exc}", err=True)
        return 1
    return 0


# Redraws of a progress bar per run at most: drawing on a terminal costs ~7 µs, as much as
# checking a row, so a bar redrawn at each of a million rows doubled an import.
PROGRESS_REDRAWS = 500


def progress(iterable=None, length: int | None = None, label: str = ""):
    """A progress bar on stderr (stdout carries only data)."""
    total = length if length is not None else len(iterable) if hasattr(iterable, "__len__") else 0
    return click.progressbar(
        iterable, length=length, label=label, file=sys.stderr, show_pos=True,
        update_min_steps=max(1, total // PROGRESS_REDRAWS),
    )  # fmt: skip
