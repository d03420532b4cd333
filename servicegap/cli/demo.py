"""`servicegap demo`: build the demo workspace once, print its logins, and serve it."""

from __future__ import annotations

import os

import click

from servicegap.cli.base import CliError, audit, progress, setup_django

SIZES = {"small": "about 20,000 responses", "large": "over 1,000,000 answers"}


@click.command()
@click.option(
    "--serve/--no-serve",
    default=True,
    show_default=True,
    help="Serve the web app (and a background worker) after building.",
)
@click.option(
    "--size",
    type=click.Choice(list(SIZES)),
    default="small",
    show_default=True,
    help="small: about 20,000 responses (~200,000 answers); large: over 1,000,000 answers.",
)
@click.option(
    "--answers",
    type=click.IntRange(min=1),
    metavar="N",
    help="About N answers instead of --size (e.g. 10000000 for benchmarks).",
)
@click.option(
    "--seed",
    type=int,
    default=7,
    show_default=True,
    help="Random seed: the same seed gives the same data.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8000,
    show_default=True,
    help="Port to serve on.",
)
def demo(serve: bool, size: str, answers: int | None, seed: int, host: str, port: int) -> None:
    """Create the demo workspace "Northway Motors" (a car dealer group, 12 months of data) and
    print its logins. Running it again keeps the data and gives the logins new passwords."""
    from servicegap.cli.setup import migrate_database
    from servicegap.conf import data_dir, ensure_secret_key

    # The demo's mail stays in its mailbox page (servicegap/mailbox): its people's addresses are
    # on reserved test domains, and nothing leaves the machine. Exported, so the worker child
    # started by `run_server` keeps it too.
    os.environ.setdefault("SERVICEGAP_DEMO_MAILBOX", "true")
    if (
        os.environ["SERVICEGAP_DEMO_MAILBOX"].strip().lower() == "true"
        and os.environ.get("SERVICEGAP_SMTP_HOST", "").strip()
    ):
        raise CliError(
            "the demo keeps its e-mail in the demo mailbox: unset SERVICEGAP_SMTP_HOST "
            "(or set SERVICEGAP_DEMO_MAILBOX=false to send the demo's mail through it)"
        )
    data_dir().mkdir(parents=True, exist_ok=True)
    ensure_secret_key()
    setup_django()
    migrate_database()

    from django.db import transaction

    from servicegap.core.models import Workspace
    from servicegap.demo import DEMO_SLUG, story
    from servicegap.demo.cast import LOGINS, reset_logins
    from servicegap.demo.generator import discard, state

    current = state()
    if current == "foreign":
        raise CliError(
            f"a workspace {DEMO_SLUG!r} exists that `servicegap demo` did not make; "
            "use another --data-dir for the demo"
        )
    if current == "incomplete":
        click.echo("an earlier demo build was interrupted: removing it", err=True)
        discard()
    if current == "built":
        workspace = Workspace.objects.get(slug=DEMO_SLUG)
        click.echo("the demo workspace already exists: not rebuilt; new passwords below", err=True)
    else:
        if answers is None and size == "large":
            answers = story.LARGE_ANSWERS
        workspace = _build(seed, answers)
    with transaction.atomic():
        logins = reset_logins(workspace)
        audit(workspace, "demo.passwords.reset", emails=[email for _, email, _ in logins])
    click.echo(f"Demo workspace {workspace.name!r} ({workspace.slug}): http://{host}:{port}/")
    for role, email, password in logins:
        units = LOGINS[role][1]
        who = f"{role} of {', '.join(units)}" if units else role
        click.echo(f"  {who:<27} e-mail: {email:<32} password: {password}")
    if serve:
        from servicegap.cli.serve import run_server

        run_server(host=host, port=port, workers=2, with_worker=True)


def _build(seed: int, answers: int | None):
    from servicegap.demo import simulate
    from servicegap.demo.generator import build_demo, plan

    expected = round(plan(answers) * simulate.answers_per_response())
    click.echo(f"building the demo workspace (seed {seed}) ...", err=True)
    with progress(length=expected, label="answers") as bar:
        result = build_demo(seed=seed, answers=answers, progress=bar.update)
    rate = result.answers / result.seconds if result.seconds else 0
    click.echo(
        f"built {result.responses:,} responses, {result.answers:,} answers in "
        f"{result.seconds:.1f} s ({rate:,.0f} answers/s)",
        err=True,
    )
    return result.workspace


COMMANDS = [demo]
