"""SQLite -> PostgreSQL -> SQLite: a backup moves an installation between databases exactly."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.backup_support import cli, header, rich_data, sections  # noqa: F401 - a fixture

PG_URL = os.environ.get("SERVICEGAP_TEST_PG_URL", "")


@pytest.mark.slow
@pytest.mark.skipif(
    not PG_URL,
    reason="SERVICEGAP_TEST_PG_URL is not set (a PostgreSQL server "
    "where the tests may CREATE DATABASE)",
)
@pytest.mark.usefixtures("rich_data")
def test_sqlite_to_postgresql_to_sqlite_round_trip(tmp_path):
    import psycopg

    from servicegap.runtime.backup import write_backup

    name = f"sg_backup_test_{uuid.uuid4().hex[:12]}"
    base, _, _ = PG_URL.rpartition("/")
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        first = tmp_path / "first.sgbackup"
        write_backup(first)
        pg = {"SERVICEGAP_DATABASE_URL": f"{base}/{name}"}
        cli(tmp_path / "pg", "restore", str(first), **pg)
        via_pg = tmp_path / "via-pg.sgbackup"
        cli(tmp_path / "pg", "backup", str(via_pg), **pg)
        cli(tmp_path / "pg", "init", "--workspace", "after-restore", **pg)  # sequences were reset
        back = tmp_path / "back"
        cli(back, "restore", str(via_pg))
        last = tmp_path / "last.sgbackup"
        cli(back, "backup", str(last))
        assert header(via_pg)["source"] == "postgresql"
        assert sections(first) == sections(via_pg) == sections(last)
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
