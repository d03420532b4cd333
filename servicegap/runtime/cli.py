"""`servicegap status`: what ``/readyz`` answers, from the command line."""

from __future__ import annotations

import time

import click

from servicegap.cli.base import (
    CliError,
    database_ready,
    describe_database,
    emit_json,
    require_sqlite_file,
    setup_django,
)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print /readyz's JSON body instead.")
@click.option(
    "--wait",
    "wait_s",
    default=0,
    type=click.IntRange(0, 3600),
    metavar="SECONDS",
    help="Check again every 2 s until ready or SECONDS have passed (after a start or upgrade).",
)
def status(as_json: bool, wait_s: int) -> None:
    """Check the database, the task backend (Redis when used) and the workers' heartbeat.

    The same checks as GET /readyz; exit status 1 when one fails (a worker not heard from for a
    minute, Redis or the database unreachable), so a monitoring script can run it.
    """
    setup_django()
    require_sqlite_file()
    from servicegap.runtime import health

    database = health.check_database()
    if database["status"] == "ok" and not database_ready():
        raise CliError("the database is not initialised or not migrated; run `servicegap init`")
    body = health.report(None)
    deadline = time.monotonic() + wait_s
    while body["failed"] and time.monotonic() < deadline:
        time.sleep(2)
        body = health.report(None)
    if as_json:
        emit_json(body)
    else:
        for line in lines(body, describe_database()):
            click.echo(line)
    if body["failed"]:
        raise CliError(f"not ready: {', '.join(body['failed'])} failed")


def lines(body: dict, database: str) -> list[str]:
    checks = body["checks"]
    backend = checks["task_backend"]
    worker = checks["worker"]
    queued = backend.get("queued")
    waiting = backend.get("waiting_for_redis") or 0
    rows = [
        ("database", checks["database"], database),
        (
            "task backend",
            backend,
            f"{backend['backend']}"
            + (f", {queued} queued" if queued is not None else "")
            + (f", {waiting} waiting for Redis to answer" if waiting else ""),
        ),
        (
            "worker",
            worker,
            f"{worker.get('workers', 0)} heard from in the last minute"
            + (
                f", last {worker['last_heartbeat_s']} s ago"
                if worker.get("last_heartbeat_s") is not None
                else ""
            ),
        ),
    ]
    out = [f"{name:<13} {check['status']:<8} {what}" for name, check, what in rows]
    out += [f"{name}: {check['error']}" for name, check, _ in rows if check.get("error")]
    if not body["failed"]:
        out.append("ready: yes")
    return out


COMMANDS = [status]
