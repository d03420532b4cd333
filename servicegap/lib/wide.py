"""Wide response files of any tool (Google Forms, SurveyMonkey, Typeform, a spreadsheet): one row
per respondent, one column per question, as plain data.

``read_wide`` gives the same ``Export`` as a Qualtrics file (no ImportIds), so the column mapping
and the import are the Qualtrics ones. SurveyMonkey's second header row (the option or row under
each question, "Response" for a question of one column) is folded into the column names as
``Question [Option]``, the form Google Forms gives grid rows.

``date_reader`` reads the dates those tools write: ISO (Typeform), ``2019/03/04 10:21:33 AM
GMT+1`` (Google Forms), ``3/24/2022 13:06:29`` (Google Sheets, SurveyMonkey) and the JavaScript
form ``Mon Sep 08 2025 13:58:23 GMT-0500 (…)`` (Apps Script). Day and month are never guessed:
when every value of the column fits both DD/MM and MM/DD, it refuses, naming the column and
examples, until a ``--date-format`` says which.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from servicegap.lib.qualtrics import Column, Export, FormatError

# Column names (lower-cased) that a proposal maps to response fields by themselves.
META_NAMES = {
    "timestamp": "submitted_at",  # Google Forms
    "submitted at": "submitted_at",
    "submit date (utc)": "submitted_at",  # Typeform
    "end date": "submitted_at",  # SurveyMonkey
    "date submitted": "submitted_at",
    "respondent id": "response_id",  # SurveyMonkey
    "response id": "response_id",
    "#": "response_id",  # Typeform
    "network id": "skip",
}
SURVEYMONKEY_SUBHEADS = {"response", "open-ended response"}
SHORTHANDS = {"DMY": "%d/%m/%Y", "MDY": "%m/%d/%Y", "YMD": "%Y/%m/%d"}
EXAMPLES = 3

_SLASHED = re.compile(
    r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})"
    r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?)?"
    r"(?:\s*(?:GMT|UTC)?\s*([+-]\d{1,2})(?::?(\d{2}))?)?"
)
_JS = re.compile(
    r"[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT([+-]\d{2})(\d{2})"
    r"(?: \(.*\))?"
)
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


class DateFormatError(ValueError):
    """The dates of a column cannot be read, or not without knowing day from month."""


class NotCSV(ValueError):
    """A record that is not CSV, on ``line``."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def numbered_records(text: str, delimiters: str = ",;\t") -> list[tuple[int, list[str]]]:
    """The non-blank records of a delimited text, each with the line it starts on, cells
    stripped; the delimiter is the one of ``delimiters`` the first line holds most of (the first
    of them on a tie)."""
    first = text.split("\n", 1)[0]
    delimiter = max(delimiters, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if any(c.strip() for c in cells):
                records.append((start, [c.strip() for c in cells]))
    except csv.Error as exc:
        raise NotCSV(reader.line_num, f"not readable as CSV: {exc}") from None
    return records


def read_wide(text: str) -> Export:
    """A wide CSV (comma, semicolon or tab separated); columns without a name are refused."""
    try:
        records = numbered_records(text)
    except NotCSV as exc:
        raise FormatError(exc.line, "CSV", str(exc)) from None
    if not records:
        raise FormatError(1, "file", "the file is empty")
    return from_records(records[0][0], records[0][1], records[1:])


def from_records(line: int, header: list[str], rows: list[tuple[int, list[str]]]) -> Export:
    """The export of a header and rows already read (a CSV, or an xlsx sheet)."""
    return _columns(line, header, rows)


def _columns(line: int, header: list[str], rows: list[tuple[int, list[str]]]) -> Export:
    while header and not header[-1].strip():
        header = header[:-1]
    names = [h.strip() for h in header]
    if rows and _surveymonkey(names, rows[0][1]):
        names = _fold(names, rows[0][1])
        rows = rows[1:]
    columns: list[Column] = []
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            raise FormatError(line, f"column {i + 1}", "has no name in the header")
        if name in seen:  # Google Forms repeats a question's text: tell them apart by position
            name = f"{name} ({i + 1})"
        seen[name] = i
        columns.append(Column(i, name, names[i], ""))
    return Export(columns, rows)


def _surveymonkey(names: list[str], second: list[str]) -> bool:
    """SurveyMonkey's second header row: "Response" (or an option) under its questions, empty
    under the empty names that continue a question of several columns."""
    subheads = {c.strip().lower() for c in second}
    return bool(subheads & SURVEYMONKEY_SUBHEADS) and any(not n for n in names)


def _fold(names: list[str], second: list[str]) -> list[str]:
    out, current = [], ""
    for i, name in enumerate(names):
        current = name or current
        sub = second[i].strip() if i < len(second) else ""
        if not sub or sub.lower() in SURVEYMONKEY_SUBHEADS:
            out.append(current if name else f"{current} ({i + 1})")
        else:
            out.append(f"{current} [{sub}]")
    return out


def _clock(hour: str | None, minute: str | None, second: str | None, half: str | None) -> str:
    if hour is None:
        return "00:00:00"
    h = int(hour)
    if half:
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    return f"{h:02d}:{int(minute or 0):02d}:{int(second or 0):02d}"


def _offset(hours: str | None, minutes: str | None) -> str:
    if hours is None:
        return ""
    sign = "-" if hours.startswith("-") else "+"
    return f"{sign}{abs(int(hours)):02d}:{int(minutes or 0):02d}"


def _iso(value: str) -> str | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.isoformat()


def _javascript(value: str) -> str | None:
    match = _JS.fullmatch(value)
    if not match or match.group(1) not in _MONTHS:
        return None
    month = _MONTHS.index(match.group(1)) + 1
    zone = timezone(timedelta(hours=int(match.group(7)), minutes=int(match.group(8))))
    moment = datetime(
        int(match.group(3)), month, int(match.group(2)),
        int(match.group(4)), int(match.group(5)), int(match.group(6)), tzinfo=zone,
    )  # fmt: skip
    return moment.isoformat()


def _order(values: list[str]) -> str | None:
    """The order the slashed dates prove (YMD, DMY or MDY); None when both of the latter fit."""
    day_first = month_first = True
    for value in values:
        match = _SLASHED.fullmatch(value)
        if match is None:
            continue
        a, b = int(match.group(1)), int(match.group(2))
        if len(match.group(1)) == 4:
            return "YMD"
        day_first &= b <= 12
        month_first &= a <= 12
    if day_first and not month_first:
        return "DMY"
    if month_first and not day_first:
        return "MDY"
    return None


def date_reader(column: str, values: list[str], date_format: str = "") -> Callable[[str], str]:
    """A function from a date cell to an ISO date for the response contract. Raises
    DateFormatError when day and month cannot be told apart, or a format is unknown."""
    pattern = SHORTHANDS.get(date_format.strip().upper(), date_format.strip())
    if pattern and "%" not in pattern:
        raise DateFormatError(
            f"--date-format {date_format!r}: use DMY, MDY, YMD or a strptime pattern "
            "such as %d.%m.%Y %H:%M"
        )
    shorthand = date_format.strip().upper() in SHORTHANDS
    slashed = [v for v in values if v and _iso(v) is None and _SLASHED.fullmatch(v)]
    order = shorthand and date_format.strip().upper() or _order(slashed)
    if slashed and order is None and not pattern:
        examples = ", ".join(sorted(set(slashed))[:EXAMPLES])
        raise DateFormatError(
            f"{column}: the dates ({examples}) fit both DD/MM and MM/DD; say which with "
            "--date-format DMY or --date-format MDY"
        )

    def read(value: str) -> str:
        value = value.strip()
        found = _iso(value) or _javascript(value)
        if found:
            return found
        if pattern and not shorthand:
            try:
                return datetime.strptime(value, pattern).isoformat()
            except ValueError:
                raise ValueError(f"{value!r} does not match --date-format {pattern}") from None
        match = _SLASHED.fullmatch(value)
        if match is None or order is None:
            raise ValueError(f"{value!r} is not a date this import reads")
        parts = [match.group(1), match.group(2), match.group(3)]
        if order == "YMD":
            year, month, day = parts
        elif order == "DMY":
            day, month, year = parts
        else:
            month, day, year = parts
        if len(year) == 2:
            year = f"20{year}"
        try:
            moment = datetime(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{value!r} is not a date ({order})") from None
        clock = _clock(match.group(4), match.group(5), match.group(6), match.group(7))
        return f"{moment.date().isoformat()}T{clock}{_offset(match.group(8), match.group(9))}"

    return read
