"""The kinds of data that can be imported and exported, and what a kind must provide.

A kind (units, responses, transactions, ...) lives in the app whose data it is: a module that
defines ``KIND = Kind(...)``, declared in the app's AppConfig with ``import_kinds =
(ImportKind("name", "servicegap.app.transfer", order=70),)``. The declarations are read from
each app's ``apps`` module (``core.capabilities.import_kinds``) and the kind modules imported
only when used, so the CLI can list the kind names before Django is set up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servicegap.core.models import Workspace
    from servicegap.transfer.batch import Batch


@dataclass(frozen=True)
class ImportKind:
    """A capability's declaration of one kind (``import_kinds`` in its AppConfig)."""

    name: str  # the KIND argument of `servicegap import` and `export`
    module: str  # dotted path of the module that defines KIND (and ``import_file``, if whole-file)
    order: int  # its place among all kinds: in --help, docs/cli.md and the Imports page


# A value of an exported cell: written as text to CSV, natively to xlsx and Parquet.
Value = str | int | float | bool | None


class TransferError(Exception):
    """A problem with a whole file (unreadable, empty, wrong header); one sentence."""


class EmptyFile(TransferError):
    """The file holds no header (nothing but blank lines, or no bytes at all)."""


@dataclass(frozen=True)
class Problem:
    """One bad cell or row: shown as ``FILE:LINE: column: reason``."""

    line: int
    column: str
    reason: str

    def show(self, filename: str) -> str:
        return f"{filename}:{self.line}: {self.column}: {self.reason}"


class Rejected(TransferError):
    """The file has bad rows (or a bad header); nothing was written."""

    def __init__(self, filename: str, problems: Sequence[Problem], header: bool = False) -> None:
        self.filename = filename
        self.problems = sorted(problems, key=lambda p: p.line)
        lines = {p.line for p in self.problems}
        what = "a bad header" if header else f"{len(lines)} bad row(s)"
        super().__init__(f"{filename}: {what}; nothing was imported")

    def lines(self) -> list[str]:
        return [p.show(self.filename) for p in self.problems]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)


def save_planned(entries: Iterable[tuple[str, Any]], save: Callable[[Any], Any]) -> Counts:
    """Count a plan's ``(status, object)`` entries and ``save`` each one that is not unchanged."""
    counts = Counts()
    for status, obj in entries:
        counts.add(status)
        if status != "unchanged":
            save(obj)
    return counts


@dataclass
class Table:
    """What an export produces: a header and rows of values in header order."""

    header: list[str]
    rows: Iterable[Sequence[Value]]


@dataclass(frozen=True)
class Kind:
    """One kind of data: its columns and how to check, write and export it.

    ``check(batch)`` validates every row, reports problems with ``batch.bad(...)`` and returns a
    plan; ``write(batch, plan)`` applies the plan (only called when there were no problems, inside
    the import's transaction) and returns the counts; ``export(workspace)`` returns a Table.
    """

    name: str
    columns: tuple[str, ...]  # required, in export order
    optional: tuple[str, ...] = ()  # may be absent; an absent column leaves the stored value as is
    prefix: str = ""  # free columns such as "attr.region" (people)
    check: Callable[[Batch], Any] | None = None
    write: Callable[[Batch, Any], Counts] | None = None
    export: Callable[[Workspace], Table] | None = None

    @property
    def known(self) -> tuple[str, ...]:
        return self.columns + self.optional


def modules() -> dict[str, str]:
    """Kind name -> module defining its ``KIND``, in the declared order."""
    from servicegap.core.capabilities import import_kinds

    return {k.name: k.module for k in import_kinds()}


def names() -> list[str]:
    return list(modules())


def get_kind(name: str) -> Kind:
    found = modules()
    if name not in found:
        raise TransferError(f"unknown kind {name!r}; use one of {', '.join(found)}")
    kind = importlib.import_module(found[name]).KIND
    assert isinstance(kind, Kind)
    return kind
