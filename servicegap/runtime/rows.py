"""Model instances from the columns of a hand-written query, converted as the ORM converts them.

For the few queries every request runs (the API key and its workspace), where compiling the ORM's
query and its ``raw()`` machinery cost more than the database's answer. ``Reader(model)`` knows
the model's columns in order; ``reader.select(alias)`` names them for a SELECT and
``reader.instance(values)`` turns that many values into an instance, through the same backend
and field converters the ORM applies (dates on SQLite, JSON, booleans).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar, cast

from django.db import connections, models
from django.db.models.expressions import Col

M = TypeVar("M", bound=models.Model)


class Reader(Generic[M]):
    def __init__(self, model: type[M], using: str = "default") -> None:
        self.model, self.using = model, using
        self.fields = cast(Sequence[models.Field], model._meta.concrete_fields)
        self.names = [f.attname for f in self.fields]
        self._converters: list[tuple[int, list[Any], Col]] | None = None

    def __len__(self) -> int:
        return len(self.fields)

    def select(self, alias: str) -> str:
        quote = connections[self.using].ops.quote_name
        return ", ".join(f"{alias}.{quote(str(f.column))}" for f in self.fields)

    def instance(self, values: Sequence[Any]) -> M:
        row = list(values)
        connection = connections[self.using]
        for at, converters, column in self._conversions():
            value = row[at]
            for convert in converters:
                value = convert(value, column, connection)
            row[at] = value
        return cast(M, self.model.from_db(self.using, self.names, row))

    def _conversions(self) -> list[tuple[int, list[Any], Col]]:
        # Built on first use, not at import: the backend's converters need the connection.
        if self._converters is None:
            connection = connections[self.using]
            table = self.model._meta.db_table
            found = []
            for at, field in enumerate(self.fields):
                column = Col(table, field)
                converters = [
                    *connection.ops.get_db_converters(column),
                    *column.get_db_converters(connection),
                ]
                if converters:
                    found.append((at, converters, column))
            self._converters = found
        return self._converters
