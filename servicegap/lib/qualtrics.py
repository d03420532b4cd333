"""Qualtrics response exports (CSV, three header rows) and column mappings, as plain data.

Row 1 holds column ids, row 2 the question texts, row 3 ``{"ImportId": ...}`` per column (JSON,
or the Python-dict style ``{'ImportId': 'QID1'}`` of older "Insights" exports). The pre-2017
"legacy" layout (two header rows, ``V1``..``Vn``) is recognised and refused with its line.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
from dataclasses import dataclass

from servicegap.lib.csvsafe import neutralise

NOT_ANSWERED = {"", "-99"}  # -99: seen but not answered
META = ("submitted_at", "response_id", "respondent", "unit", "touchpoint")
SKIP = "skip"
MAPPING_COLUMNS = ("column", "item", "kind")
MAPPING_OPTIONAL = ("value", "label")
# Metadata columns a proposal maps by itself (lower-cased id -> target).
META_COLUMNS = {"recordeddate": "submitted_at", "responseid": "response_id"}
_LEGACY = re.compile(r"V[0-9]+")


class FormatError(ValueError):
    def __init__(self, line: int, column: str, reason: str) -> None:
        super().__init__(f"{line}: {column}: {reason}")
        self.line = line
        self.column = column
        self.reason = reason


@dataclass
class Column:
    index: int
    id: str
    label: str
    import_id: str
    time_zone: str = ""


@dataclass
class Export:
    columns: list[Column]
    rows: list[tuple[int, list[str]]]  # (line, cells)


def _records(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if any(c.strip() for c in cells):
                out.append((start, cells))
    except csv.Error as exc:
        raise FormatError(reader.line_num, "CSV", f"not readable as CSV: {exc}") from None
    return out


def import_id(cell: str) -> tuple[str, str] | None:
    """(ImportId, timeZone) of a third-row cell, or None when the cell is not one."""
    cell = cell.strip()
    if not cell.startswith("{"):
        return None
    try:
        value = json.loads(cell)
    except ValueError:
        try:
            value = ast.literal_eval(cell)  # literals only: never runs code
        except (ValueError, SyntaxError):
            return None
    if not isinstance(value, dict) or not isinstance(value.get("ImportId"), str):
        return None
    return value["ImportId"], str(value.get("timeZone") or "")


def read_export(text: str) -> Export:
    records = _records(text)
    if not records:
        raise FormatError(1, "file", "the file is empty")
    line, ids = records[0]
    while ids and not ids[-1].strip():
        ids = ids[:-1]
    if ids and all(_LEGACY.fullmatch(c) for c in ids[:3]):
        raise FormatError(
            line,
            ids[0],
            "this is a legacy Qualtrics export (two header rows, columns V1..Vn); export the "
            "responses again as CSV with 'Use legacy format' off",
        )
    if len(records) < 3:
        raise FormatError(line, "file", "a Qualtrics export has three header rows")
    labels, third = records[1][1], records[2]
    parsed = [import_id(c) for c in third[1][: len(ids)]]
    if len(parsed) < len(ids) or any(p is None for p in parsed):
        bad = next((i for i, p in enumerate(parsed) if p is None), len(parsed))
        name = ids[bad] if bad < len(ids) else f"column {bad + 1}"
        raise FormatError(
            third[0], name, 'row 3 must hold {"ImportId": ...} for every column (Qualtrics CSV)'
        )
    columns = []
    seen: set[str] = set()
    for i, (cid, pair) in enumerate(zip(ids, parsed, strict=True)):
        assert pair is not None
        if cid in seen:
            raise FormatError(line, cid, "appears twice in the header")
        seen.add(cid)
        label = labels[i] if i < len(labels) else ""
        columns.append(Column(i, cid.strip(), label.strip(), pair[0], pair[1]))
    return Export(columns, records[3:])


@dataclass
class Target:
    line: int
    column: str
    item: str
    kind: str
    value: str = ""  # fixed value recorded when the cell is not empty (one column per choice)


def read_mapping(text: str) -> list[Target]:
    """A mapping CSV ``column,item,kind[,value][,label]``; the label is only a reminder."""
    records = _records(text)
    if not records:
        raise FormatError(1, "file", "the mapping is empty; its header is column,item,kind")
    line, header = records[0]
    header = [h.strip().lower() for h in header]
    for name in MAPPING_COLUMNS:
        if name not in header:
            raise FormatError(line, name, "required column is missing from the mapping header")
    unknown = [h for h in header if h and h not in MAPPING_COLUMNS + MAPPING_OPTIONAL]
    if unknown:
        raise FormatError(line, unknown[0], "unknown column; use column,item,kind,value,label")
    targets = []
    for start, cells in records[1:]:
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        targets.append(
            Target(start, row["column"], row["item"], row["kind"].lower(), row.get("value", ""))
        )
    return targets


def numbers(value: str) -> list[str] | None:
    """ "1,3" (a multiple-choice cell of recode values) as ["1", "3"]; None for any other text."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) > 1 and all(re.fullmatch(r"-?[0-9]+", p) for p in parts):
        return parts
    return None


@dataclass
class QuestionInfo:
    code: str
    kind: str
    options: list[str]
    rows: list[str]


def propose(columns: list[Column], questions: list[QuestionInfo], item_less: set[str]) -> str:
    """A mapping CSV to start from: metadata and columns named after the survey's questions."""
    by_code = {q.code: q for q in questions}
    ids = {c.id.lower() for c in columns}
    meta_columns = dict(META_COLUMNS)
    if "recordeddate" not in ids:  # "Insights" exports have StartDate and EndDate only
        meta_columns["enddate"] = "submitted_at"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*MAPPING_COLUMNS, *MAPPING_OPTIONAL])
    for c in columns:
        item, kind, value = "", SKIP, ""
        meta = meta_columns.get(c.id.lower())
        code, _, rest = c.id.rpartition("_")
        if meta:
            kind = meta
        elif c.id in by_code:
            q = by_code[c.id]
            item, kind = ("" if q.kind in item_less else q.code), q.kind
        elif code in by_code and rest in by_code[code].rows:
            item, kind = f"{code}.{rest}", by_code[code].kind
        elif code in by_code and rest in by_code[code].options:
            item, kind, value = code, by_code[code].kind, rest
        # The label is only a reminder, but the file is opened in spreadsheets to be edited.
        writer.writerow([c.id, item, kind, value, neutralise(c.label[:80])])
    return out.getvalue()
