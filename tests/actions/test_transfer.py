"""`servicegap import actions FILE` and `export actions` (docs/formats.md): upsert by code,
FILE:LINE errors naming the column, all or nothing, and a round trip."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from servicegap.actions.models import Action, ActionStandard, ActionUnit
from servicegap.notifications.models import Delivery
from tests.transfer.test_import_export import cli, import_text, ok, refused

pytestmark = pytest.mark.django_db

HEADER = "code,title,standards,touchpoints,units,owner,start,due,status,public\n"
GOOD = HEADER + (
    "CALLBACK-LIST,A daily call-back list,CALLBACK|GREET,,SALES|SERVICE,leader@acme.test,"
    "2026-03-01,2026-06-30,in_progress,true\n"
    "CLEAN-CARS,Every car washed,CLEAN,,,,2026-02-01,,done,false\n"
)


def test_import_creates_then_updates_and_export_gives_the_file_back(
    tmp_path, workspace, standards, users
):
    done = ok(import_text(tmp_path, "actions", GOOD))
    assert "2 created" in done.output, done.output
    first = Action.objects.get(code="CALLBACK-LIST")
    assert first.owner.email == "leader@acme.test" and first.public
    assert first.started_on == date(2026, 3, 1) and first.status == "in_progress"
    assert sorted(ActionStandard.objects.filter(action=first).values_list(
        "standard__code", flat=True)) == ["CALLBACK", "GREET"]  # fmt: skip
    assert ActionUnit.objects.filter(action=first).count() == 2
    clean = Action.objects.get(code="CLEAN-CARS")
    assert clean.completed_on is not None and not ActionUnit.objects.filter(action=clean).exists()
    assert not Delivery.objects.exists()  # an import sends no action.completed
    again = ok(import_text(tmp_path, "actions", GOOD))
    assert "2 unchanged" in again.output, again.output
    changed = GOOD.replace("A daily call-back list", "Daily call-back list")
    assert "1 updated" in ok(import_text(tmp_path, "actions", changed)).output
    exported = ok(cli("export", "actions")).stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert list(rows[0])[:10] == HEADER.strip().split(",")
    assert rows[0]["code"] == "CALLBACK-LIST" and rows[0]["standards"] == "CALLBACK|GREET"
    assert rows[0]["units"] == "SALES|SERVICE" and rows[0]["public"] in ("true", "True")
    assert rows[1]["completed"]  # the optional column, since one action is done
    assert "unchanged" in ok(import_text(tmp_path, "actions", exported)).output


def test_bad_rows_are_named_by_line_and_column_and_nothing_is_written(
    tmp_path, workspace, standards, users
):
    bad = HEADER + (
        "OK-ONE,Fine,CALLBACK,,,,2026-03-01,,planned,false\n"
        "BAD-STD,Unknown standard,NOPE,,,,2026-03-01,,planned,false\n"
        "BAD-OWNER,Stranger,CALLBACK,,,nobody@else.test,2026-03-01,,planned,false\n"
        "BAD-DUE,Due first,CALLBACK,,,,2026-03-01,2026-01-01,planned,false\n"
        "BAD-STATUS,Status,CALLBACK,,,,2026-03-01,,finished,false\n"
        "BAD-PUBLIC,Public,CALLBACK,,,,2026-03-01,,planned,maybe\n"
        "OK-ONE,Again,CALLBACK,,,,2026-03-01,,planned,false\n"
    )
    result = refused(import_text(tmp_path, "actions", bad))
    text = result.output
    for line, column in ((3, "standards"), (4, "owner"), (5, "due"), (6, "status"),
                         (7, "public"), (8, "code")):  # fmt: skip
        assert f"actions.csv:{line}: {column}:" in text, text
    assert not Action.objects.exists()


def test_a_file_without_a_required_column_is_refused(tmp_path, workspace, standards):
    result = refused(import_text(tmp_path, "actions", "code,title\nX,Y\n"))
    assert "standards" in result.output and not Action.objects.exists()
