"""Shared by the backup tests: a CLI runner, a workspace full of tricky values, file readers."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

CLI = [sys.executable, "-c", "from servicegap.cli import main; main()"]
AMOUNTS = [Decimal("12.50"), Decimal("999999999999.99"), Decimal("-0.01"), Decimal("0.00")]
ATTRIBUTES = {
    "segment": "fleet",
    "score": 0.1,
    "third": 1 / 3,
    "tags": ["a", None, True],
    "nested": {"ünï": "cödé ✓", "big": 12345678901234567},
}
TEXT = 'Line one\nline two\r\n\u2028tab\there "quoted" 🚗'


def env_for(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERVICEGAP_")}
    env.update(SERVICEGAP_DATA_DIR=str(data_dir), SERVICEGAP_DEBUG="false", **extra)
    return env


def cli(data_dir: Path, *args: str, ok: bool = True, **env: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [*CLI, *args], env=env_for(data_dir, **env), capture_output=True, text=True, timeout=300
    )
    assert "Traceback" not in done.stderr, done.stderr
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def sections(path: Path) -> dict[str, list]:
    """Every table's rows of a backup file, in an order independent of the database."""
    found: dict[str, list] = {}
    current: list = []
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as src:
        header = json.loads(next(src))
        for line in src:
            item = json.loads(line)
            if isinstance(item, dict) and "model" in item:
                current = found.setdefault(item["model"], [])
            elif isinstance(item, list):
                current.append(item)
    assert set(found) == {t["model"] for t in header["tables"]}
    return {
        m: sorted(rows, key=lambda r: json.dumps(r, sort_keys=True)) for m, rows in found.items()
    }


@pytest.fixture
def rich_data(workspace, other_workspace, standards, users, api_key):
    from django.contrib.auth.models import Group

    from servicegap.actions.models import Action, ActionStandard
    from servicegap.cases.models import Case
    from servicegap.core.models import ScheduledRun
    from servicegap.feedback.models import Feedback
    from servicegap.journeys.models import Journey, Touchpoint, TouchpointStandard
    from servicegap.loyalty.models import Transaction
    from servicegap.people.models import Person, Unit
    from servicegap.runtime.tasks import prune_task_results
    from servicegap.surveys.models import Answer, Response

    sales = Unit.objects.of(workspace).get(code="SALES")
    journey = Journey.objects.create(workspace=workspace, code="BUY", name="Buying a car")
    visit = Touchpoint.objects.create(
        workspace=workspace, journey=journey, code="VISIT", name="Visit", step=1, unit=sales
    )
    TouchpointStandard.objects.create(workspace=workspace, touchpoint=visit, standard=standards[0])
    customer = Person.objects.create(
        workspace=workspace, code="C1", kind="customer", attributes=ATTRIBUTES, name="Zoë"
    )
    when = dt.datetime(2025, 1, 31, 23, 59, 59, 123456, tzinfo=dt.UTC)
    for i, amount in enumerate(AMOUNTS):
        Transaction.objects.create(
            workspace=workspace,
            customer=customer,
            amount=amount,
            date=dt.date(2024, 2, 29) + dt.timedelta(days=i),
        )
    version = standards[0].versions.get()
    for i in range(3):
        response = Response.objects.create(
            workspace=workspace,
            submitted_at=when + dt.timedelta(microseconds=i),
            time_zone="Europe/Amsterdam",
            perspective="customer",
            respondent=customer,
            touchpoint=visit,
            unit=sales,
            scale_max=7,
        )
        Answer.objects.create(
            workspace=workspace,
            response=response,
            item="GREET",
            kind="experience",
            value_num=i + 0.1,
            standard_version=version,
        )
        Answer.objects.create(
            workspace=workspace, response=response, item="comment", kind="text", value_text=TEXT
        )
    feedback = Feedback.objects.create(
        workspace=workspace, kind="complaint", text=TEXT, submitted_at=when, person=customer
    )
    Case.objects.create(
        workspace=workspace,
        number=1,
        title="Dirty car",
        feedback=feedback,
        opened_at=when,
        owner=users["manager"],
    )
    action = Action.objects.create(workspace=workspace, code="A1", title="Wash better")
    ActionStandard.objects.create(workspace=workspace, action=action, standard=standards[2])
    group = Group.objects.create(name="auditors")
    users["leader"].groups.add(group)
    ScheduledRun.objects.create(job="prune_task_results", due_at=when, outcome="ok")
    prune_task_results.enqueue()
    return workspace


def header(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as src:
        return json.loads(src.readline())


def lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as src:
        return src.readlines()


def column(path: Path, found: dict[str, list], model: str, name: str) -> list:
    """The values of one column of ``found = sections(path)``."""
    columns = next(t["columns"] for t in header(path)["tables"] if t["model"] == model)
    return [row[columns.index(name)] for row in found[model]]


def rewrite_header(src: Path, dst: Path, change) -> None:
    content = lines(src)
    head = json.loads(content[0])
    change(head)
    with gzip.open(dst, "wt", encoding="utf-8") as out:
        out.write(json.dumps(head) + "\n")
        out.writelines(content[1:])
