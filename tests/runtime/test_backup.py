"""Backups restore every row exactly into a new database, and refuse what they must."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import subprocess
import sys
import uuid
from decimal import Decimal

import pytest

from servicegap.runtime.backup import decode, encode
from tests.backup_support import (
    AMOUNTS,
    ATTRIBUTES,
    TEXT,
    cli,
    column,
    env_for,
    header,
    lines,
    rewrite_header,
    rich_data,  # noqa: F401 - a fixture
    sections,
)


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2025, 3, 30, 1, 59, 59, 999999, tzinfo=dt.UTC),
        dt.date(2024, 2, 29),
        dt.time(23, 59, 59, 1),
        Decimal("0.10"),
        Decimal("-12345678901234.56"),
        uuid.uuid4(),
        dt.timedelta(days=-1, microseconds=5),
        b"\x00\xffbytes",
    ],
)
def test_codec_round_trips_exactly(value):
    from django.db import models

    field = {
        dt.datetime: models.DateTimeField(),
        dt.date: models.DateField(),
        dt.time: models.TimeField(),
        Decimal: models.DecimalField(max_digits=20, decimal_places=2),
        uuid.UUID: models.UUIDField(),
        dt.timedelta: models.DurationField(),
        bytes: models.BinaryField(),
    }[type(value)]
    again = decode(field, json.loads(json.dumps(encode(value))))
    assert again == value and str(again) == str(value)


@pytest.mark.slow
@pytest.mark.usefixtures("rich_data")
def test_backup_restores_every_row_exactly_into_a_new_sqlite_database(tmp_path):
    from servicegap.runtime.backup import write_backup

    first = tmp_path / "first.sgbackup"
    summary = write_backup(first)
    assert summary["rows"] > 100 and first.stat().st_size == summary["bytes"]
    assert first.stat().st_mode & 0o077 == 0
    restored = tmp_path / "restored"
    out = json.loads(cli(restored, "restore", str(first), "--json").stdout)
    assert out["rows"] == summary["rows"]
    second = tmp_path / "second.sgbackup"
    cli(restored, "backup", str(second))
    one, two = sections(first), sections(second)
    assert one == two
    assert len(one["loyalty.transaction"]) == 4 and len(one["auth.user_groups"]) == 1
    assert set(column(second, two, "loyalty.transaction", "amount")) == {str(a) for a in AMOUNTS}
    assert ATTRIBUTES in column(second, two, "people.person", "attributes")
    assert TEXT in column(second, two, "feedback.feedback", "text")
    # The restored installation keeps working: new rows get fresh ids, logins still match.
    cli(restored, "init", "--workspace", "after-restore")
    refused = cli(restored, "restore", str(first), ok=False)
    assert refused.returncode == 1 and "already holds data" in refused.stderr


@pytest.mark.slow
@pytest.mark.usefixtures("rich_data")
def test_a_backup_from_an_older_schema_is_migrated_forward(tmp_path):
    from servicegap.runtime.backup import write_backup

    first = tmp_path / "first.sgbackup"
    write_backup(first)
    older = tmp_path / "older.sgbackup"
    rewrite_header(
        first,
        older,
        lambda h: h["migrations"]["auth"].remove("0012_alter_user_first_name_max_length"),
    )
    restored = tmp_path / "restored"
    cli(restored, "restore", str(older))
    second = tmp_path / "second.sgbackup"
    cli(restored, "backup", str(second))
    assert sections(first) == sections(second)
    assert "0012_alter_user_first_name_max_length" in header(second)["migrations"]["auth"]
    # Also into a database `servicegap init` already brought to the current schema: it is
    # migrated back to the backup's state first.
    initialised = tmp_path / "initialised"
    cli(initialised, "init")
    cli(initialised, "restore", str(older))
    third = tmp_path / "third.sgbackup"
    cli(initialised, "backup", str(third))
    assert sections(first) == sections(third)


@pytest.mark.usefixtures("rich_data")
def test_restore_refuses_newer_damaged_and_foreign_files(tmp_path):
    from servicegap.runtime.backup import write_backup

    first = tmp_path / "first.sgbackup"
    write_backup(first)
    newer = tmp_path / "newer.sgbackup"
    rewrite_header(first, newer, lambda h: h["migrations"]["core"].append("0999_future"))
    truncated = tmp_path / "truncated.sgbackup"
    content = lines(first)
    with gzip.open(truncated, "wt") as out:
        out.writelines(content[:-1])
    plain = tmp_path / "plain.txt"
    plain.write_text("hello\n")
    for path, message in [
        (newer, "newer ServiceGap"),
        (truncated, "truncated"),
        (plain, "not a ServiceGap backup"),
    ]:
        target = tmp_path / f"into-{path.stem}"
        done = cli(target, "restore", str(path), ok=False)
        assert done.returncode == 1 and message in done.stderr, done.stderr
    # The truncated restore left nothing behind: the database is still empty.
    cli(tmp_path / "into-truncated", "restore", str(first))


def test_backup_is_a_consistent_snapshot_while_others_write(tmp_path):
    """A row committed by another connection during the backup's transaction is not seen."""
    data = tmp_path / "data"
    cli(data, "init", "--workspace", "t")
    script = """
import threading
from servicegap.cli.base import setup_django
setup_django()
from django.db import connection
from servicegap.runtime.backup import snapshot
from servicegap.core.models import Workspace
from servicegap.people.models import Unit
ws = Workspace.objects.get()
def write():
    Unit.objects.create(workspace=ws, code="NEW", name="New")
    connection.close()
with snapshot():
    before = Unit.objects.count()
    writer = threading.Thread(target=write)
    writer.start(); writer.join(timeout=30)
    assert not writer.is_alive(), "the writer was blocked by the backup"
    inside = Unit.objects.count()
after = Unit.objects.count()
print(before, inside, after)
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env_for(data),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "0", "1"]
