"""Reading CSV files (UTF-8, with or without a BOM) and writing CSV; values as text."""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
from typing import IO, Any

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
    """(header line, header cells, records), cells stripped of surrounding whitespace; blank
    lines are skipped but counted."""
    text = decode(data, filename)
    plain = _plain_lines(text)
    header: list[str] | None = None
    header_line = 0
    records: list[Record] = []
    if plain is not None:  # what csv.reader would return, without its per-row Python loop
        lines, stripped = plain
        for start, line in enumerate(lines, start=1):
            # A line that starts with a visible character other than a comma is not blank;
            # only the others need the whole test.
            first = line[:1]
            if (first in _MAYBE_BLANK or first.isspace()) and _blank(line):
                continue
            cells = line.split(",") if stripped else list(map(str.strip, line.split(",")))
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
            if not "".join(cells).strip():  # no cell has more than whitespace
                continue
            cells = list(map(str.strip, cells))
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


def write_csv(table: Table, stream: IO[str], flush_every: int = 1000) -> int:
    """Write the table as CSV ("\\n" line ends, minimal quoting); returns the number of rows."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(table.header)
    count = 0
    for row in table.rows:
        writer.writerow([to_text(v) for v in row])
        count += 1
        if count % flush_every == 0:
            stream.flush()
    return count
