"""Inserting many rows fast: COPY on PostgreSQL, multi-row INSERTs on SQLite.

For tables written in bulk (answers), where building a model instance per row would cost more
than the insert itself. The rows are tuples in the order of ``fields``; nothing is read back.
``insert_objects`` does the same for model instances (responses), reserving their ids first; a
single one takes the id the database gives it. ``new_instance`` builds those instances cheaply.
"""

from __future__ import annotations

import functools
import operator
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, islice
from typing import Any, cast

from django.db import connection, models
from django.db.models import signals
from django.utils import timezone

from servicegap.runtime.internals import bare_instance, mark_stored

# On PostgreSQL, COPY for more rows than this; fewer go in one INSERT (COPY takes more round
# trips than one statement, which is what a single API response costs).
COPY_ABOVE = 50
# Rows per INSERT statement on SQLite: 200,000 answers insert in about two thirds of the time
# they take one statement per row (docs/performance.md); 1,000 rows make a statement of ~25 KB.
ROWS_PER_STATEMENT = 1000


def _max_params() -> int:
    """The most parameters one SQLite statement takes (999 unless the library was built for more,
    as Debian's is: 250,000)."""
    connection.ensure_connection()
    return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]):
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(
        quote(str(cast(models.Field, model._meta.get_field(f)).column)) for f in fields
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            each = iter(rows)
            first = list(islice(each, COPY_ABOVE + 1))
            if len(first) <= COPY_ABOVE:  # an API response: one statement, one round trip
                marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
                sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([marks] * len(first))}"
                if first:
                    cursor.execute(sql, list(chain.from_iterable(first)))
                return
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # psycopg 3
                for row in chain(first, each):
                    copy.write_row(row)
        elif connection.vendor != "sqlite":
            marks = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            cursor.executemany(sql, rows)  # type: ignore[arg-type]  # any iterable will do
        else:
            per = max(1, min(ROWS_PER_STATEMENT, _max_params() // len(fields)))
            marks = "(" + ", ".join(["?"] * len(fields)) + ")"
            head = f"INSERT INTO {table} ({columns}) VALUES "
            full = head + ", ".join([marks] * per)
            each = iter(rows)
            while part := list(islice(each, per)):
                sql = full if len(part) == per else head + ", ".join([marks] * len(part))
                sqlite_execute(cursor, sql, list(chain.from_iterable(part)))


def sqlite_execute(cursor: Any, sql: str, params: Sequence[Any]) -> Any:
    """Run ``sql`` with "?" marks on a Django SQLite cursor through the driver's own execute:
    Django's would first rewrite every "%s" of a long statement with a regular expression (a
    third of a bulk insert's time, and more than the upsert of one response's cells). Errors are
    Django's, as through its cursor. Returns the driver's cursor."""
    raw = cursor.cursor
    with connection.wrap_database_errors:
        sqlite3.Cursor.execute(raw, sql, params)
    return raw


@functools.cache
def _insert_sql(table: str, columns: tuple[str, ...], pk: str, vendor: str) -> str:
    quote = connection.ops.quote_name
    mark, returning = ("?", "") if vendor == "sqlite" else ("%s", f" RETURNING {quote(pk)}")
    marks = ", ".join([mark] * len(columns))
    return (
        f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES ({marks}){returning}"
    )


def _insert_one(model: type[models.Model], columns: tuple[str, ...], row: Sequence[Any]) -> int:
    """Insert one row; the id the database gave it."""
    pk = str(cast(models.Field, model._meta.pk).column)
    sql = _insert_sql(model._meta.db_table, columns, pk, connection.vendor)
    with connection.cursor() as cursor:
        if connection.vendor != "sqlite":
            cursor.execute(sql, list(row))
            return cast(int, cursor.fetchone()[0])
        return cast(int, sqlite_execute(cursor, sql, list(row)).lastrowid)


_VALUE, _RELATED, _CONSTANT, _DEFAULT = range(4)


@functools.cache
def _init_plan(model: type[models.Model], names: tuple[str, ...]) -> tuple[list[tuple], list]:
    """How ``new_instance`` fills each positional argument of ``model`` from keywords ``names``:
    (how, keyword or constant, related attname or field), and the foreign keys it caches."""
    plan: list[tuple] = []
    cached: list[tuple[models.ForeignKey, str]] = []
    known: set[str] = set()
    for f in cast(Sequence[models.Field], model._meta.concrete_fields):
        known.update((f.name, f.attname))
        if f.name in names and isinstance(f, models.ForeignKey):
            plan.append((_RELATED, f.name, f.target_field.attname))
            cached.append((f, f.name))
        elif f.name in names or f.attname in names:
            plan.append((_VALUE, f.name if f.name in names else f.attname, None))
        elif f.has_default() and callable(f.default):
            plan.append((_DEFAULT, None, f))
        else:  # the same value every time (what get_default returns)
            plan.append((_CONSTANT, f.get_default(), None))
    unknown = set(names) - known
    if unknown:
        raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
    return plan, cached


def new_instance(model: type[models.Model], **values: Any) -> Any:
    """``model(**values)`` for a row not yet stored. ``values`` by field name (a related object or
    None for a foreign key, cached on the instance as assigning it does) or attname; every other
    field takes its default. Without ``pre_init``/``post_init`` receivers for ``model`` the
    instance is made the way ``Model.__init__`` leaves it (a fresh ``ModelState``, every attname
    in ``__dict__``) without running it: its checks per keyword cost five times the rest."""
    plan, cached = _init_plan(model, tuple(values))
    args: list[Any] = []
    for how, key, extra in plan:
        if how == _VALUE:
            args.append(values[key])
        elif how == _RELATED:
            related = values[key]
            args.append(None if related is None else getattr(related, extra))
        elif how == _CONSTANT:
            args.append(key)
        else:
            args.append(extra.get_default())
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        obj = model(*args)
    else:
        obj = bare_instance(model, _attnames(model), args)
    for fk, key in cached:
        fk.set_cached_value(obj, values[key])
    return obj


@functools.cache
def _attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in cast(Sequence[models.Field], model._meta.concrete_fields))


# Field types whose Python values the database drivers take as they are.
_PLAIN = (
    models.AutoField, models.BigAutoField, models.CharField, models.TextField, models.IntegerField,
    models.FloatField, models.ForeignKey,
)  # fmt: skip


def _ids(model: type[models.Model], cursor, count: int) -> list[int]:
    """``count`` new primary keys, reserved inside the current transaction."""
    table = model._meta.db_table
    pk_column = str(cast(models.Field, model._meta.pk).column)
    if connection.vendor == "postgresql":  # sequence values are never handed out twice
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk_column, count],
        )
        return [row[0] for row in cursor.fetchall()]
    # SQLite: the transaction holds the write lock (BEGIN IMMEDIATE). AUTOINCREMENT never reuses
    # the id of a deleted row, so start above both the largest id and the table's sequence.
    quote = connection.ops.quote_name
    cursor.execute(
        f"SELECT MAX(id) FROM (SELECT MAX({quote(pk_column)}) AS id FROM "  # noqa: S608
        f"{quote(table)} UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
        [table],
    )
    base = (cursor.fetchone()[0] or 0) + 1
    return list(range(base, base + count))


def _memo(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``fn`` remembering its results (for one bulk write: the cache is not bounded)."""
    seen: dict[Any, Any] = {}

    def memo(value: Any) -> Any:
        if value in seen:
            return seen[value]
        seen[value] = result = fn(value)
        return result

    return memo


def _prep(field: models.Field, value: Any) -> Any:
    return field.get_db_prep_save(value, connection)


def insert_objects(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Like ``bulk_create`` for new instances of a model with an auto id, without its per-value
    field machinery: ids are reserved first, rows inserted as tuples; sets ``pk`` on each. One
    object (an API response) is inserted without its id and takes the row's: reserving one costs
    a query of its own."""
    if not objs:
        return
    if connection.vendor not in ("postgresql", "sqlite"):
        model._default_manager.bulk_create(objs, batch_size=500)
        return
    single = len(objs) == 1
    fields = [f for f in model._meta.concrete_fields if not (single and f.primary_key)]
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
    adapt = _memo(connection.ops.adapt_datetimefield_value)  # a file repeats its moments
    converters = [
        (i, adapt if isinstance(f, models.DateTimeField) else functools.partial(_prep, f))
        for i, f in enumerate(fields)
        if not isinstance(f, _PLAIN)
    ]
    if not single:
        with connection.cursor() as cursor:
            for obj, pk in zip(objs, _ids(model, cursor, len(objs)), strict=True):
                obj.pk = pk
    get = operator.attrgetter(*(f.attname for f in fields))

    def row(obj: models.Model) -> Sequence[Any]:
        values = list(get(obj))
        for i, convert in converters:
            if values[i] is not None:
                values[i] = convert(values[i])
        return values

    if single:
        objs[0].pk = _insert_one(model, tuple(str(f.column) for f in fields), row(objs[0]))
    else:
        insert_rows(model, [f.name for f in fields], map(row, objs))
    for obj in objs:
        mark_stored(obj, connection.alias)
