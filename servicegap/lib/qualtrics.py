"""Qualtrics response exports (CSV, three header rows) and column mappings, as plain data.

Row 1 holds column ids, row 2 the question texts, row 3 ``{"ImportId": ...}`` per column (JSON,
or the Python-dict style ``{'ImportId': 'QID1'}`` of older "Insights" exports). The pre-2017
"legacy" layout (two header rows, ``V1``..``Vn``) is recognised and refused with its line.

The ImportId row is the one the proposal trusts: it does not change with the export's language
(row 1 and 2 may), it names the metadata columns, and it tells apart the columns that row 1
names alike (side-by-side questions). Which rows are previews, tests, spam or unfinished is
read from the ``status``, ``finished``, ``progress`` and ``distributionChannel`` columns.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass

from servicegap.lib.csvsafe import neutralise

NOT_ANSWERED = {"", "-99"}  # -99: seen but not answered
META = ("submitted_at", "response_id", "respondent", "unit", "touchpoint")
SKIP = "skip"
MAPPING_COLUMNS = ("column", "item", "kind")
MAPPING_OPTIONAL = ("value", "label")
# Metadata columns a proposal maps by itself (lower-cased id -> target).
META_COLUMNS = {"recordeddate": "submitted_at", "responseid": "response_id"}
# The same by ImportId (lower-cased), which every export language shares; "responseId" is the
# "Insights" layout's id, "_recordId" the current one's.
META_IMPORT_IDS = {"recordeddate": "submitted_at", "_recordid": "response_id",
                   "responseid": "response_id"}  # fmt: skip
_QUESTION_ID = re.compile(r"(QID[0-9]+(?:#[0-9]+)?)(?:[-_](.+))?")
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
    twice = Counter(c.strip() for c in ids)
    for i, (cid, pair) in enumerate(zip(ids, parsed, strict=True)):
        assert pair is not None
        cid = cid.strip()
        if twice[cid] > 1:  # side by side: row 1 repeats an id, the ImportId row tells them apart
            cid = f"{cid} [{pair[0]}]"
        if cid in seen:
            raise FormatError(line, cid, "appears twice in the header, with the same ImportId")
        seen.add(cid)
        label = labels[i] if i < len(labels) else ""
        columns.append(Column(i, cid, label.strip(), pair[0], pair[1]))
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
    multiple: bool = False
    texts: tuple[str, ...] = ()  # plain question texts, any language (wide files name by text)
    row_labels: dict[str, str] | None = None  # plain row label -> row code


def question_parts(import_id: str) -> tuple[str, list[str]] | None:
    """``QID3-1-2`` or ``QID3_1_2`` as ("QID3", ["1", "2"]); None for a metadata column."""
    match = _QUESTION_ID.fullmatch(import_id)
    if match is None:
        return None
    rest = match.group(2)
    return match.group(1), re.split(r"[-_]", rest) if rest else []


def _pick(tag: str, index: str, codes: list[str]) -> str:
    """The code a column part names: its export tag (row 1) or else its index (ImportId)."""
    if tag in codes:
        return tag
    return index if index in codes else ""


def _target(
    q: QuestionInfo, tags: list[str], indexes: list[str], item_less: set[str]
) -> tuple[str, str, str] | None:
    """(item, kind, value) of a column of question ``q`` whose id continues with ``tags`` (the
    parts after the question's code) and whose ImportId continues with ``indexes``."""
    whole = "" if q.kind in item_less else q.code
    if not tags:
        return whole, q.kind, ""
    if tags[-1].upper() == "TEXT":  # text typed into an option ("Other: ..."): not an answer
        return None
    if len(tags) == 1:
        if q.rows:
            row = _pick(tags[0], indexes[0], q.rows)
            return (f"{q.code}.{row}", q.kind, "") if row else None
        option = _pick(tags[0], indexes[0], q.options)
        return (whole, q.kind, option) if option else None
    if len(tags) == 2 and q.rows:  # a multiple-answer matrix: one column per row and option
        row, option = _pick(tags[0], indexes[0], q.rows), _pick(tags[1], indexes[1], q.options)
        return (f"{q.code}.{row}", q.kind, option) if row and option else None
    return None


def _plain(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split()).casefold()


def match_column(
    column: Column, questions: list[QuestionInfo], item_less: set[str]
) -> tuple[str, str, str] | None:
    """(item, kind, value) a column answers, or None. Matched by the question's code at the
    start of the column id (the longest that fits), the rest split as the ImportId says (so a
    row code with ``_`` in it stays whole); a file without ImportIds tries each split, then
    question texts ("Text [Row]" is a grid row, as Google Forms writes it). The text typed into
    a choice (``CODE_TEXT``, ``CODE_1_TEXT``) answers the text question the .qsf import made
    for it, when the survey has one."""
    box = _SINGLE_BOX.fullmatch(column.id)
    if box:  # current exports name a single-answer box by its choice too: CODE_4_TEXT
        wanted = f"{box.group(1)}_TEXT"
        q = next((q for q in questions if q.code == wanted and q.kind == "text"), None)
        if q is not None:
            return _target(q, [], [], item_less)
    parts = question_parts(column.import_id)
    named = [(name, q) for q in questions for name in _names(q.code)]
    for name, q in sorted(named, key=lambda pair: -len(pair[0])):
        if column.id != name and not column.id.startswith((name + "_", name + "#")):
            continue
        if column.id == name and q.kind == "text" and not q.rows:
            return _target(q, [], [], item_less)  # also a choice's box, coded CODE_1_TEXT
        rest = column.id[len(name) + 1 :]
        if parts is not None:
            indexes = parts[1]
            if indexes and indexes[-1].upper() == "TEXT":
                if rest.upper().endswith("TEXT"):  # text typed into an option: not an answer
                    return None
                indexes = indexes[:-1]  # a text question's own column ("QID2_TEXT")
            tags = rest.rsplit("_", len(indexes) - 1) if indexes else []
            if rest and not indexes or len(tags) != len(indexes):
                continue
            found = _target(q, tags, indexes, item_less)
        else:
            found = None
            for n in range(3):
                tags = rest.rsplit("_", n - 1) if n and rest else []
                if len(tags) == n and (n or not rest):
                    found = found or _target(q, tags, tags, item_less)
        if found:
            return found
    if parts is None:
        return _by_text(column, questions, item_less)
    return None


_SINGLE_BOX = re.compile(r"(.+)_[^_#]+_TEXT")


def _names(code: str) -> set[str]:
    """The names a question's columns start with: its code, and for a column of a side-by-side
    question (coded ``TAG-N`` by the .qsf import) the ``TAG#N`` the export writes."""
    return {code, re.sub(r"-([0-9]+)$", r"#\1", code)}


def _by_text(
    column: Column, questions: list[QuestionInfo], item_less: set[str]
) -> tuple[str, str, str] | None:
    header = _plain(column.id)
    grid = re.fullmatch(r"(.*)\[([^\]]*)\]", header)
    for q in questions:
        texts = {_plain(t) for t in q.texts if t}
        if header in texts:
            return _target(q, [], [], item_less)
        if grid and _plain(grid.group(1)) in texts and q.rows:
            row = (q.row_labels or {}).get(_plain(grid.group(2))) or _pick(
                grid.group(2).strip(), "", q.rows
            )
            if row:
                return f"{q.code}.{row}", q.kind, ""
    return None


def propose(
    columns: list[Column],
    questions: list[QuestionInfo],
    item_less: set[str],
    meta_names: dict[str, str] | None = None,
) -> str:
    """A mapping CSV to start from: metadata (by ImportId, else by the column id, or by
    ``meta_names`` for a wide file) and the columns of the survey's questions."""
    names = dict(meta_names or META_COLUMNS)
    ids = {c.id.lower() for c in columns}
    by_import = {c.import_id.lower() for c in columns}
    if "recordeddate" not in ids and "recordeddate" not in by_import:
        names.setdefault("enddate", "submitted_at")  # "Insights" exports: StartDate, EndDate
    imports = dict(META_IMPORT_IDS)
    if "recordeddate" not in by_import:
        imports["enddate"] = "submitted_at"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*MAPPING_COLUMNS, *MAPPING_OPTIONAL])
    taken: set[str] = set()
    for c in columns:
        item, kind, value = "", SKIP, ""
        meta = imports.get(c.import_id.lower()) or names.get(c.id.strip().lower())
        if meta and meta not in taken:
            kind = meta
            taken.add(meta)
        elif not meta:
            found = match_column(c, questions, item_less)
            if found:
                item, kind, value = found
        # The label is only a reminder, but the file is opened in spreadsheets to be edited.
        writer.writerow([c.id, item, kind, value, neutralise(c.label[:80])])
    return out.getvalue()


# Which rows are left out unless asked for. Status: 0 an answer, 1 a preview, 2 a test, 4
# imported, 8 spam, 9 preview spam, 12 imported spam, 16 offline, 17 offline preview; the
# current exports write the names ("IP Address", "Survey Preview", "Survey Test", "Spam", ...).
STATUS_CODES = {
    "1": "preview",
    "2": "test",
    "8": "spam",
    "9": "spam",
    "12": "spam",
    "17": "preview",
}
LEFT_OUT = ("preview", "test", "spam", "unfinished")


def _status(value: str) -> str:
    value = value.strip().lower()
    if value in STATUS_CODES:
        return STATUS_CODES[value]
    for word in ("spam", "preview", "test"):
        if word in value:
            return word
    return ""


def row_flag(cells: list[str], at: dict[str, int]) -> str:
    """The flag of a response row (preview, test, spam, unfinished) or ""; ``at`` gives the
    position of the ``status``, ``finished``, ``progress`` and ``distributionchannel`` columns
    (lower-cased ImportIds) the export has."""

    def cell(name: str) -> str:
        i = at.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    flag = _status(cell("status"))
    channel = cell("distributionchannel").lower()
    if not flag and channel in ("preview", "test"):
        flag = channel
    if flag:
        return flag
    finished = cell("finished").lower()
    if finished in ("0", "false", "falsch", "no"):
        return "unfinished"
    progress = cell("progress")
    if not finished and re.fullmatch(r"[0-9]+(\.[0-9]+)?", progress) and float(progress) < 100:
        return "unfinished"
    return ""


def flag_columns(columns: list[Column]) -> dict[str, int]:
    wanted = ("status", "finished", "progress", "distributionchannel")
    return {c.import_id.lower(): c.index for c in columns if c.import_id.lower() in wanted}


def choice_code(raw: str, options: list[tuple[str, str]]) -> str | None:
    """The option code a cell names: the code itself, or its label ("with choice text"
    exports), compared without case, HTML spacing or surrounding blanks; None for neither."""
    for code, _ in options:
        if raw == code:
            return code
    wanted = _plain(raw)
    for code, label in options:
        if label and _plain(label) == wanted:
            return code
    return None
