"""`servicegap aggregates`: the report aggregates (cells) of a workspace."""

from __future__ import annotations

import time

import click

from servicegap.cli.base import audit, current_workspace, emit_json, progress


@click.group()
def aggregates() -> None:
    """The report aggregates, kept up to date by ingest; rebuild them from the answers."""


@aggregates.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def rebuild(ctx: click.Context, as_json: bool) -> None:
    """Recompute the workspace's aggregates from every answer (one transaction)."""
    workspace = current_workspace(ctx)  # sets Django up
    from servicegap.aggregates import cells

    began = time.perf_counter()
    with progress(length=100, label="reading answers") as bar:

        def step(done: int, total: int) -> None:
            bar.update(int(100 * done / total) - bar.pos)

        count = cells.rebuild(workspace, progress=step)
    seconds = round(time.perf_counter() - began, 2)
    audit(workspace, "aggregates.rebuild", cells=count)
    if as_json:
        emit_json({"workspace": workspace.slug, "cells": count, "seconds": seconds})
    else:
        click.echo(f"rebuilt {count} cells of {workspace.slug} in {seconds} s")


COMMANDS = [aggregates]
