"""Reading CSV files (UTF-8, with or without a BOM) and writing CSV; values as text.

Cells a spreadsheet would run as a formula are written with a leading ``'`` and read back without
it (``lib/csvsafe.py``), so an export is safe to open and still imports back unchanged.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
from typing import IO, Any

from servicegap.lib.csvsafe import FIRST, neutralise, restore
from servicegap.transfer.registry import EmptyFile, Table, TransferError

# One record of a file: the line it starts on, and its cells.
Record = tuple[int, list[str]]


def decode(data: bytes, filename: str) -> str:
    """The text of a UTF-8 file; a clear error naming the line of the first bad byte otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TransferError(f"{filename}: the file is UTF-16 text; save it as UTF-8 (CSV UTF-8)")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TransferError(
            f"{filename}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
            "save the file as UTF-8 (in Excel: CSV UTF-8)"
        ) from None
    if "\x00" in text:  # a binary file, or UTF-16 without its byte order mark
        line = text[: text.index("\x00")].count("\n") + 1
        raise TransferError(
            f"{filename}:{line}: holds a NUL byte (0x00), which text never does; "
            "save the file as UTF-8 text (in Excel: CSV UTF-8)"
        )
    return text


def read_csv(data: bytes, filename: str) -> tuple[int, list[str], list[Record]]:
    """(header line, header cells, records), cells stripped of surrounding whitespace and of the
    ``'`` an export put before a formula-like cell; blank lines are skipped but counted."""
    text = decode(data, filename)
    plain = _plain_lines(text)
    header: list[str] | None = None
    header_line = 0
    records: list[Record] = []
    if plain is not None:  # what csv.reader would return, without its per-row Python loop
        lines, stripped = plain
        quoted = "'" in text  # only a line with a cell starting with ' can need restoring
        for start, line in enumerate(lines, start=1):
            # A line that starts with a visible character other than a comma is not blank;
            # only the others need the whole test.
            first = line[:1]
            if (first in _MAYBE_BLANK or first.isspace()) and _blank(line):
                continue
            raw = line.split(",")
            cells = raw if stripped else list(map(str.strip, raw))
            if quoted and (first == "'" or ",'" in line) and not _restore(cells, raw):
                continue
            if header is None:
                header, header_line = cells, start
            else:
                records.append((start, cells))
    else:
        header, header_line, records = _read(text, filename)
    if header is None:
        raise EmptyFile(f"{filename}: the file is empty")
    if len(header) == 1 and any(sep in header[0] for sep in ";\t"):
        sep = "';'" if ";" in header[0] else "tabs"
        raise TransferError(f"{filename}:{header_line}: columns are separated by {sep}; use commas")
    return header_line, header, records


_MAYBE_BLANK = ("", ",")


def _restore(cells: list[str], raw: list[str]) -> bool:
    """Take off the ' an export put before a formula-like cell (lib/csvsafe.py), then strip: the
    stripped ``cells`` of the ``raw`` ones, changed in place (a new list per row would cost more
    in garbage collection than the test itself). Whether any cell has more than whitespace left:
    a cell "\\t" is written as "'\\t" and read back as the blank it was."""
    for i, cell in enumerate(cells):
        if cell[:1] == "'":
            cells[i] = restore(raw[i]).strip()
    return any(cells)


def _blank(line: str) -> bool:
    """Whether no cell of the line has more than whitespace."""
    return not line.replace(",", "").strip()


# What str.strip removes from ASCII text, besides line ends. A file with none of them needs no
# stripping (each test is a scan of the text in C; looking for blanks at cell edges only, " ,"
# and the like, would take longer than stripping).
_ASCII_BLANKS = " \t\x0b\x0c\x1c\x1d\x1e\x1f"


def _plain_lines(text: str) -> tuple[list[str], bool] | None:
    """The lines of a file csv.reader would split at every comma and line end (no quotes, NULs,
    carriage returns other than in CRLF line ends, or over-long fields), and whether the text
    has no whitespace at all (so no cell needs stripping); None for any other file."""
    if '"' in text or "\x00" in text:
        return None
    if "\r" in text:  # CRLF, as Excel and Python's csv module write: the same lines as LF
        if text.count("\r") != text.count("\r\n"):  # a lone CR ends a line too: leave it to csv
            return None
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if lines and max(map(len, lines)) > csv.field_size_limit():
        return None
    stripped = text.isascii() and not any(blank in text for blank in _ASCII_BLANKS)
    return lines, stripped


def _read(text: str, filename: str) -> tuple[list[str] | None, int, list[Record]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    header_line = 0
    records: list[Record] = []
    previous = 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            joined = "".join(cells)
            if not joined.strip():  # no cell has more than whitespace
                continue
            raw, cells = cells, list(map(str.strip, cells))
            if "'" in joined and not _restore(cells, raw):
                continue
            if header is None:
                header, header_line = cells, start
            else:
                records.append((start, cells))
    except csv.Error as exc:
        raise TransferError(f"{filename}:{reader.line_num}: not readable as CSV: {exc}") from None
    return header, header_line, records


def to_text(value: Any) -> str:
    """A cell as CSV text: empty for None, true/false, 6 rather than 6.0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return repr(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def cell_text(value: Any) -> str:
    """A cell as ``to_text`` writes it, neutralised if a spreadsheet would run it as a formula.
    Text, the most common cell, skips to_text's type tests; the first character decides whether
    there is anything more to look at."""
    if value.__class__ is str:
        text = value
    elif value is None:
        return ""
    else:
        text = to_text(value)
    return neutralise(text) if text[:1] in FIRST else text


def write_csv(table: Table, stream: IO[str], flush_every: int = 1000) -> int:
    """Write the table as CSV ("\\n" line ends, minimal quoting), every cell a spreadsheet would
    run as a formula neutralised; returns the number of rows."""
    rows = [list(map(neutralise, table.header))]
    count = 0
    for row in table.rows:
        rows.append(list(map(cell_text, row)))
        count += 1
        if len(rows) >= flush_every:
            _write_rows(rows, stream)
            rows = []
    _write_rows(rows, stream)
    return count


def _write_rows(rows: list[list[str]], stream: IO[str]) -> None:
    """Write a chunk of rows and flush. With "\\n" line ends the csv module leaves a cell holding
    a carriage return unquoted, which a spreadsheet (and our reader) takes for a line end, so the
    rest of the cell would start a row of its own: "hi\\r=HYPERLINK(...)". A chunk with one
    (one C scan tells) is written again with such cells quoted."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    text = out.getvalue()
    if "\r" in text:
        crlf = csv.writer(out, lineterminator="\r\n")  # quotes every cell with \r or \n
        lines = []
        for cells in rows:
            out.seek(0)
            out.truncate()
            crlf.writerow(cells)
            lines.append(out.getvalue()[:-2] + "\n")
        text = "".join(lines)
    stream.write(text)
    stream.flush()
