"""Helpers for the report tests: responses written straight to the tables, the CLI's JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from click.testing import CliRunner
from django.db.models import F

from servicegap.aggregates import cells
from servicegap.people.models import Person
from servicegap.standards.models import StandardVersion
from servicegap.surveys.models import Answer, Response

WHEN = datetime(2026, 3, 10, 10, tzinfo=UTC)


def respond(
    ws,
    perspective="customer",
    answers=(),
    *,
    respondent=None,
    unit=None,
    touchpoint=None,
    when=WHEN,
    scale_max=7,
):
    """One response with answers given as (item, kind, value) triples."""
    if isinstance(respondent, str):
        respondent, _ = Person.objects.get_or_create(
            workspace=ws, code=respondent, defaults={"kind": "employee"}
        )
    r = Response.objects.create(
        workspace=ws,
        submitted_at=when,
        perspective=perspective,
        scale_max=scale_max,
        respondent=respondent,
        unit=unit,
        touchpoint=touchpoint,
    )
    stored = []
    for item, kind, value in answers:
        text = value if isinstance(value, str) else ""
        num = None if isinstance(value, str) else value
        version = StandardVersion.objects.filter(
            workspace=ws, standard__code=item, standard__version=F("version")
        ).first()
        answer = Answer.objects.create(
            workspace=ws, response=r, item=item, kind=kind, value_num=num, value_text=text,
            standard_version=version,
        )  # fmt: skip
        stored.append((answer, version))
    cells.record(ws, [(r, stored)])  # as store_responses does in the ingest transaction
    return r


def cli(slug: str, *args: str):
    from servicegap.cli import main_group

    return CliRunner().invoke(main_group, ["--workspace", slug, "report", *args])


def cli_json(slug: str, kind: str, *args: str) -> dict:
    result = cli(slug, kind, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def unnamed(rows):
    """Report rows without the names the engine adds beside their codes."""
    return [{k: v for k, v in r.items() if k != "name" and not k.endswith("_name")} for r in rows]
