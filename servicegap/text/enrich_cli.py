"""`servicegap text enrich`: label the workspace's waiting comments now, in place, with a
progress bar on a terminal, through the same code as the worker (docs/text.md). Part of the
`text` group (``servicegap/text/cli.py``)."""

from __future__ import annotations

import click

from servicegap.cli.base import current_workspace, emit_json, progress


@click.command("enrich")
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Label every comment again, not only the waiting ones.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def enrich(ctx: click.Context, everything: bool, as_json: bool) -> None:
    """Label the comments no task has labelled yet (or all of them with --all).

    Labels set by hand stay; no case or recognition is made (the worker routes live input
    only). Without --all it is what the worker's hourly job does.
    """
    from servicegap.text import service, sources

    workspace = current_workspace(ctx)
    items = sources.every(workspace) if everything else sources.pending(workspace, 10**9)
    with progress(length=len(items), label="Labelling comments") as bar:
        done = service.enrich(workspace, items, progress=bar.update)
    backend = service.enricher_of(workspace).backend if items else ""
    if as_json:
        emit_json({"labelled": done, "backend": backend})
    else:
        click.echo(f"Labelled {done} comments{f' with the {backend} backend' if backend else ''}.")
