"""Insert simulated blocks fast: ``COPY`` on PostgreSQL, raw ``executemany`` elsewhere, one
transaction per batch.

Response ids are assigned here (from ``MAX(id) + 1``, under the write lock) so that answers can
refer to their response without reading anything back.
"""

from __future__ import annotations

import datetime as dt
from itertools import repeat

import numpy as np
from django.core.management.color import no_style
from django.db import connection, transaction

from servicegap.demo import story
from servicegap.demo.blocks import Block, Part
from servicegap.surveys.models import Answer, Response

RESPONSE_FIELDS = (
    "id", "workspace", "submitted_at", "time_zone", "perspective", "respondent", "unit",
    "supplier", "touchpoint", "survey", "survey_version", "scale_max", "received_at",
    "external_id", "contact", "contact_consent_at",
)  # fmt: skip
ANSWER_FIELDS = ("workspace", "response", "item", "kind", "value_num", "value_text",
                 "standard_version")  # fmt: skip


def _insert_sql(model, names: tuple[str, ...]) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(model._meta.get_field(n).column)) for n in names)
    if connection.vendor == "postgresql":
        return f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    marks = ", ".join(["%s"] * len(names))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"


def _insert(cursor, sql: str, rows) -> None:
    if sql.startswith("COPY"):
        with cursor.cursor.copy(sql) as copy:  # psycopg 3
            for row in rows:
                copy.write_row(row)
    else:
        cursor.executemany(sql, rows)


def _times(seconds: np.ndarray) -> list:
    """Datetimes as the database backend stores them (UTC)."""
    if connection.vendor == "sqlite":
        text = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
        return np.char.replace(text, "T", " ").tolist()
    return [dt.datetime.fromtimestamp(s, dt.UTC) for s in seconds.tolist()]


def _external(prefix: str, base: int, n: int):
    return [f"{prefix}{i}" for i in range(base, base + n)] if prefix else repeat("")


def _column(values, n: int):
    return repeat(None, n) if values is None else values.tolist()


class Writer:
    def __init__(self, workspace_id: int) -> None:
        self.workspace_id = workspace_id
        self.response_sql = _insert_sql(Response, RESPONSE_FIELDS)
        self.answer_sql = _insert_sql(Answer, ANSWER_FIELDS)
        self.responses = 0
        self.answers = 0

    def write(self, blocks: list[Block]) -> int:
        """Insert the blocks in one transaction; returns the number of answers written."""
        written = 0
        table = connection.ops.quote_name(Response._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608 - a quoted table name
            base = (cursor.fetchone()[0] or 0) + 1
            for block in blocks:
                n = len(block.seconds)
                _insert(cursor, self.response_sql, self._responses(block, base))
                for part in block.parts:
                    _insert(cursor, self.answer_sql, self._answers(part, base))
                    written += len(part.resp)
                base += n
                self.responses += n
            for sql in connection.ops.sequence_reset_sql(no_style(), [Response]):
                cursor.execute(sql)
        self.answers += written
        return written

    def _responses(self, b: Block, base: int):
        n = len(b.seconds)
        return zip(
            range(base, base + n), repeat(self.workspace_id), _times(b.seconds),
            repeat(story.TIME_ZONE), repeat(b.perspective), b.respondent.tolist(),
            b.unit.tolist(), _column(b.supplier, n), _column(b.touchpoint, n),
            b.survey.tolist(), repeat(1), repeat(story.SCALE_MAX),
            _times(b.seconds + b.delay), _external(b.external_prefix, base, n), repeat(""),
            repeat(None),
        )  # fmt: skip

    def _answers(self, p: Part, base: int):
        n = len(p.resp)
        item = repeat(p.item, n) if isinstance(p.item, str) else p.item.tolist()
        text = repeat("", n) if p.text is None else p.text
        return zip(
            repeat(self.workspace_id), (p.resp + base).tolist(), item, repeat(p.kind),
            _column(p.num, n), text, _column(p.sv, n),
        )  # fmt: skip
