"""`servicegap walks checklist|record|rounds|leaders`: walk-throughs from the command line
(docs/quality.md). The figures are the audits report's: `servicegap report audits`."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from servicegap.cli.base import CliError, audit, current_workspace, emit_json


@click.group()
def walks() -> None:
    """Walk-throughs and mystery shopping: checklists, recording a walk, rounds, leaders."""


@walks.command("checklist")
@click.argument("journey")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@click.pass_context
def checklist(ctx: click.Context, journey: str, as_json: bool) -> None:
    """The behaviours a walker checks at each touchpoint of JOURNEY (a journey code)."""
    ws = current_workspace(ctx)  # sets Django up first
    from servicegap.journeys.models import Journey
    from servicegap.quality.walks import journey_checklist

    found = Journey.objects.of(ws).filter(code=journey).first()
    if found is None:
        raise CliError(f"there is no journey {journey!r}")
    steps = journey_checklist(ws, found)
    if as_json:
        emit_json({"journey": found.code, "steps": [asdict(s) for s in steps]})
        return
    for s in steps:
        click.echo(f"{s.step}. {s.name} ({s.touchpoint})")
        for item in s.items:
            click.echo(f"   [ ] {item.behaviour} ({item.standard})")


@walks.command("record")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def record(ctx: click.Context, file: str) -> None:
    """Store the walk-through in FILE (the JSON document of POST /api/v1/walk-throughs); a file
    sent twice (same submission_key) is stored once."""
    ws = current_workspace(ctx)
    from servicegap.quality.walks import store

    try:
        doc = json.loads(Path(file).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CliError(f"{file} is not a JSON document: {e}") from None
    walk, created = store(ws, None, doc)
    if created:
        audit(ws, "walk.record", journey=walk.journey.code, checks=walk.checks.count())
        click.echo(f"Stored walk-through {walk.pk} of {walk.journey.code}.")
    else:
        click.echo(f"Already stored as walk-through {walk.pk}; nothing changed.")


@walks.command("rounds")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@click.pass_context
def rounds(ctx: click.Context, as_json: bool) -> None:
    """The audit rounds: overdue, due, then done."""
    ws = current_workspace(ctx)
    from servicegap.quality.walk_page import rounds as listed

    rows = [{"id": r.round.pk, "unit": r.round.unit.code, "journey": r.round.journey.code,
             "walker_kind": r.round.walker_kind, "due_on": r.round.due_on.isoformat(),
             "state": r.state, "walk_through": r.walk.pk if r.walk else None}
            for r in listed(ws)]  # fmt: skip
    if as_json:
        emit_json({"rows": rows})
        return
    for r in rows:
        click.echo(f"{r['state']:8} {r['due_on']}  {r['journey']} at {r['unit']} "
                   f"({r['walker_kind']})")  # fmt: skip


@walks.command("leaders")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@click.pass_context
def leaders(ctx: click.Context, as_json: bool) -> None:
    """Per leader, walks and customer conversations in each of the last four quarters; the
    leaders who walked no journey this quarter."""
    ws = current_workspace(ctx)
    from servicegap.quality.walk_page import leaders as table

    found = table(ws)
    rows = [{"leader": r.name, "walks": r.walks, "conversations": r.conversations,
             "walked_this_quarter": r.walked_now} for r in found["rows"]]  # fmt: skip
    if as_json:
        emit_json({"quarters": found["quarters"], "rows": rows})
        return
    for r in rows:
        flag = "" if r["walked_this_quarter"] else "  <- walked no journey this quarter"
        click.echo(f"{r['leader']}: walks {r['walks']}, conversations {r['conversations']}{flag}")


COMMANDS = [walks]
