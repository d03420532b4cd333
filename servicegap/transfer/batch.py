"""The rows of one import file and the checks every kind shares.

Each check reads a cell, reports a problem against the row's line when the cell is wrong, and
returns the cleaned value (or a harmless stand-in, so checking goes on and finds every bad row).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from servicegap.transfer.registry import Problem

CODE_MAX = 64
LIST_SEPARATOR = "|"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
TRUE = {"true", "yes", "1"}
FALSE = {"false", "no", "0"}
PROGRESS_ABOVE = 1000


class Row:
    """One row of a file: the line (or sheet row, 1-based; the header is line 1) where it starts,
    and its cells, read by column name through the position of each column in the header, which
    every row of a file shares (a dict per row would cost more than reading the file)."""

    __slots__ = ("cells", "line", "position")

    def __init__(self, line: int, cells: list[str], position: dict[str, int]) -> None:
        self.line, self.cells, self.position = line, cells, position

    def __getitem__(self, column: str) -> str:
        """The cell of ``column``; "" for a column the file lacks. A row has a cell for each
        column of the header (a short row is padded with "")."""
        at = self.position.get(column)
        return "" if at is None else self.cells[at]

    def __repr__(self) -> str:
        return f"Row(line={self.line}, cells={self.cells!r})"


@dataclass
class Batch:
    workspace: Any
    filename: str
    header: list[str]
    rows: list[Row]
    problems: list[Problem] = field(default_factory=list)
    progress: Callable[..., Any] | None = None
    protected: bool = False  # may rows hold employee, leader or internal responses (the CLI)?
    open_cases: bool = False  # store as live input, so the case rules apply (--open-cases)

    def has(self, column: str) -> bool:
        return column in self.header

    def bad(self, row: Row, column: str, reason: str) -> None:
        self.problems.append(Problem(row.line, column, reason))

    def each(self, label: str) -> Iterator[Row]:
        """The rows, behind a progress bar when there are many."""
        if self.progress is None or len(self.rows) <= PROGRESS_ABOVE:
            yield from self.rows
            return
        with self.progress(self.rows, label=label) as bar:
            yield from bar

    # --- checks -----------------------------------------------------------------------------

    def text(self, row: Row, column: str, max_len: int, required: bool = True) -> str:
        value = row[column]
        if required and not value:
            self.bad(row, column, "is required")
        elif len(value) > max_len:
            self.bad(row, column, f"is {len(value)} characters long; at most {max_len}")
        return value

    def code(self, row: Row, column: str, required: bool = True) -> str:
        value = self.text(row, column, CODE_MAX, required)
        if LIST_SEPARATOR in value or _CONTROL.search(value):
            self.bad(
                row, column, f"{value!r} must not contain '{LIST_SEPARATOR}' or control characters"
            )
        return value

    def choice(self, row: Row, column: str, choices: Sequence[str], required: bool = True) -> str:
        value = row[column].lower()
        if not value and not required:
            return ""
        if value not in choices:
            got = f"{row[column]!r} is not allowed" if value else "is required"
            self.bad(row, column, f"{got}; use one of {', '.join(choices)}")
        return value

    def number(self, row: Row, column: str, low: float, high: float) -> float | None:
        value = row[column]
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            self.bad(row, column, f"{value!r} is not a number")
            return None
        if not low <= number <= high:
            self.bad(row, column, f"{value} is outside {low:g}..{high:g}")
        return number

    def integer(self, row: Row, column: str, low: int = 1) -> int:
        value = row[column]
        if not re.fullmatch(r"[0-9]+", value) or int(value) < low:
            self.bad(
                row, column, f"{value!r} is not a whole number >= {low}" if value else "is required"
            )
            return 0
        return int(value)

    def boolean(self, row: Row, column: str, default: bool) -> bool:
        value = row[column].lower()
        if not value:
            return default
        if value not in TRUE | FALSE:
            self.bad(row, column, f"{row[column]!r} is not allowed; use true or false")
        return value in TRUE

    def codes(self, row: Row, column: str) -> list[str]:
        """A '|'-separated list of codes, without blanks and duplicates, in file order."""
        return list(
            dict.fromkeys(c.strip() for c in row[column].split(LIST_SEPARATOR) if c.strip())
        )

    def once(self, row: Row, column: str, key: Any, seen: dict[Any, int], what: str = "") -> bool:
        """True the first time ``key`` is seen; a repeat is a problem naming the first line."""
        if key in seen:
            self.bad(row, column, f"{what or repr(key)} appears again (first on line {seen[key]})")
            return False
        seen[key] = row.line
        return True

    def known(self, row: Row, column: str, codes: Iterable[str], existing: Any, what: str) -> bool:
        """Every code refers to an existing row (``existing`` supports ``in``)."""
        missing = [c for c in codes if c not in existing]
        if missing:
            self.bad(row, column, f"unknown {what} {', '.join(missing)}")
        return not missing
