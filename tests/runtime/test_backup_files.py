"""`servicegap backup --with-files`: the uploads still within retention travel with the rows,
and the secret key never does."""

from __future__ import annotations

import gzip
import json
import os
import time

import pytest

from servicegap.runtime.backup import BackupError
from servicegap.runtime.restore import _safe_name
from tests.backup_support import cli, header

pytestmark = [
    pytest.mark.slow,
    # The CLI runs on SQLite data directories of its own whichever the test database: run once.
    pytest.mark.skipif(
        bool(os.environ.get("SERVICEGAP_DATABASE_URL")), reason="runs once, in the SQLite pass"
    ),
]


def _lines(path) -> list:
    with gzip.open(path, "rt", encoding="utf-8") as src:
        return [json.loads(line) for line in src]


def test_with_files_adds_recent_uploads_never_the_secret_key_and_restores_them(tmp_path):
    source = tmp_path / "source"
    cli(source, "init", "--workspace", "acme")
    key = (source / "secret_key").read_text().strip()
    folder = source / "uploads" / "acme"
    folder.mkdir(parents=True)
    recent = folder / "3f2a.csv"
    recent.write_bytes(b"code,name\nN,North\n" + bytes(range(256)) * 4000)  # ~1 MB, 2 chunks
    old = folder / "old.csv"
    old.write_text("code,name\nOLD,Old\n")
    gone = time.time() - 31 * 86400  # older than SERVICEGAP_IMPORT_RETENTION_DAYS (30)
    os.utime(old, (gone, gone))

    with_files = tmp_path / "with-files.sgbackup"
    done = cli(source, "backup", str(with_files), "--json", "--quiet", "--with-files")
    summary = json.loads(done.stdout)
    assert (summary["files"], summary["file_bytes"]) == (1, recent.stat().st_size)
    assert header(with_files)["version"] == 2
    raw = gzip.decompress(with_files.read_bytes()).decode()
    assert key not in raw and "secret_key" not in raw and "old.csv" not in raw
    entries = [line for line in _lines(with_files) if isinstance(line, dict) and "file" in line]
    assert entries == [{"file": "uploads/acme/3f2a.csv", "size": recent.stat().st_size}]

    plain = tmp_path / "plain.sgbackup"
    cli(source, "backup", str(plain), "--quiet")
    assert header(plain)["version"] == 1
    assert key not in gzip.decompress(plain.read_bytes()).decode()

    target = tmp_path / "target"
    done = cli(target, "restore", str(with_files), "--json", "--quiet")
    assert json.loads(done.stdout)["files"] == 1
    assert (target / "uploads/acme/3f2a.csv").read_bytes() == recent.read_bytes()
    assert not (target / "uploads/acme/old.csv").exists()
    assert not (target / "secret_key").exists()  # the key is kept apart, never restored
    assert not list(target.glob(".restoring-*"))
    # The restored installation is whole: its rows equal the source's.
    again = tmp_path / "again.sgbackup"
    cli(target, "backup", str(again), "--quiet", "--with-files")
    assert _lines(again)[1:] == _lines(with_files)[1:]


@pytest.mark.parametrize("name", ["../secret_key", "/etc/passwd", "uploads/../../x", "static/x"])
def test_a_backup_cannot_write_outside_the_uploads_folder(name):
    with pytest.raises(BackupError, match="outside uploads/"):
        _safe_name(name)
