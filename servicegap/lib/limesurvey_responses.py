"""LimeSurvey responses as plain data: the ``.lsr`` of a survey archive (XML), the response export
(CSV, or the tab-separated ``.txt`` "VV" file), and the participants of an archive (``.lst``).

Every form is read into a ``Table`` (a header and rows with their lines). A column names a
question by its code (``Q1``, ``Q1[SQ001]``, ``Q1_SQ001``) or, in the XML, by the SGQA field name
``{survey}X{group}X{question id}{subquestion}``, which ``column_key`` turns into the question's
code with the survey structure. ``answers`` says what one cell answers, given the question it
belongs to: LimeSurvey writes a picked option of a multiple-choice question as ``Y`` in that
option's column, a matrix row in its own column, and the typed "Other" text in ``[other]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from servicegap.lib.qualtrics import choice_code
from servicegap.lib.wide import NotCSV, numbered_records
from servicegap.lib.xmlread import XmlError, parse

# The survey's display format ("format" of the surveys table): noted in the report, not kept.
FORMATS = {
    "A": "all in one",
    "G": "group by group",
    "S": "question by question",
    "I": "in the installation's default format (inherit)",
}
# Columns LimeSurvey adds to every response; not answers.
META = frozenset(
    {"id", "token", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
     "ipaddr", "refurl", "interviewtime", "optout", "emailstatus"}
)  # fmt: skip
# LimeSurvey writes this date when the survey records no dates ("datestamp" off).
NO_DATE = "1980-01-01 00:00:00"
PICKED = frozenset({"y", "yes", "1"})  # a multiple-choice option's cell when picked
_SGQA = re.compile(r"([0-9]+)X([0-9]+)X([0-9]+)(.*)")
_BRACKETS = re.compile(r"([^\[\]]+)\[([^\[\]]*)\]")


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, cells)

    def column(self, name: str) -> int | None:
        return self.header.index(name) if name in self.header else None


def read_lsr(data: bytes) -> Table:
    """The responses of an ``.lsr`` (XML); raises XmlError with a line."""
    doc = parse(data)
    root = doc.root
    if (root.findtext("LimeSurveyDocType") or "").strip() != "Responses":
        raise XmlError(1, "not a LimeSurvey response file (LimeSurveyDocType is not Responses)")
    responses = root.find("responses")
    if responses is None:
        return Table([])
    header = [(f.text or "").strip() for f in responses.findall("fields/fieldname")]
    known = set(header)
    table = Table(header)
    for row in responses.findall("rows/row"):
        values: dict[str, str] = {}
        for cell in row:
            # XML names cannot start with a digit: LimeSurvey writes "_841748X3X3" for them.
            name = cell.tag[1:] if cell.tag.startswith("_") and cell.tag[1:] in known else cell.tag
            values[name] = cell.text or ""
        table.rows.append((doc.line(row), [values.get(h, "") for h in header]))
    return table


def read_lst(data: bytes) -> list[dict[str, str]]:
    """The participants of an ``.lst``: token, firstname, lastname, email (and the rest)."""
    doc = parse(data)
    out = []
    for row in doc.root.findall("tokens/rows/row"):
        out.append({cell.tag: (cell.text or "").strip() for cell in row})
    return out


def survey_format(tables: dict[str, list]) -> str:
    """The display format of a survey structure's ``surveys`` table, in words ("" if none)."""
    rows = tables.get("surveys") or []
    return FORMATS.get(rows[0]["format"].strip().upper(), "") if rows else ""


def read_export(text: str) -> Table:
    """A response export: CSV (comma or semicolon) or tab-separated; the "VV" ``.txt`` has the
    question texts on line 1 and the column codes (starting with ``id``) on line 2. Headings
    "code. text" are cut to the code."""
    try:
        records = numbered_records(text, "\t,;")
    except NotCSV as exc:
        raise ValueError(f"{exc.line}: {exc}") from None
    if not records:
        raise ValueError("1: the file is empty")
    header_at = 0
    if len(records) > 1 and records[1][1][:1] == ["id"] and records[0][1][:1] != ["id"]:
        header_at = 1  # VV: line 1 holds the question texts
    header = records[header_at][1]
    if header and header[0].startswith("id. "):
        # "Question code & question text" headings: "Q1[SQ001]. The question [The option]".
        # A code never holds ". ", so the code is what comes before the first one.
        header = [h.split(". ", 1)[0] for h in header]
    return Table(header, records[header_at + 1 :])


def headed_by_text(header: list[str]) -> bool:
    """Whether the columns are headed by question texts rather than codes: LimeSurvey's "Full
    question text" or "Abbreviated question text" headings, which its R and SPSS data files
    always have ("Response ID" or a translation where the code heading says ``id``)."""
    return bool(header) and header[0].strip() != "id" and not _SGQA.fullmatch(header[0])


def column_key(
    name: str, codes: set[str], titles: dict[str, str] | None = None
) -> tuple[str, str] | None:
    """(question code, the rest) a column names, or None (metadata, or no question of ours).

    ``titles`` maps LimeSurvey question ids to codes, for SGQA names."""
    if name in META:
        return None
    match = _SGQA.fullmatch(name)
    if match and titles is not None:
        code = titles.get(match.group(3))
        return (code, match.group(4)) if code in codes else None
    match = _BRACKETS.fullmatch(name)
    if match:
        return (match.group(1), match.group(2)) if match.group(1) in codes else None
    if name in codes:
        return name, ""
    for code in sorted(codes, key=len, reverse=True):
        if name.startswith(code + "_"):
            return code, name[len(code) + 1 :]
    return None


@dataclass
class QuestionShape:
    """What ``answers`` needs of one of our questions."""

    code: str
    kind: str
    options: list[tuple[str, str]]  # (code, plain label)
    rows: list[str]
    multiple: bool
    item_less: bool  # answered for the whole response (nps, overall, ...): no item


class NotAnswer(ValueError):
    """A cell that is not an answer we keep (the reason goes to the report, once per column)."""


def answers(q: QuestionShape, rest: str, raw: str) -> list[tuple[str, str]]:
    """The (item, value) answers a cell gives; ValueError for a value that is not an option,
    NotAnswer for a column we do not import."""
    raw = raw.strip()
    lowered = rest.lower()
    if lowered in ("other", "comment") or lowered.endswith(("other", "comment")):
        raise NotAnswer("the text typed after 'Other' or in a comment is not imported")
    if not raw:
        return []
    options = [c for c, _ in q.options]
    whole = "" if q.item_less else q.code
    if not rest:
        return [(whole, _option(q, raw))]
    if rest in q.rows:
        return [(f"{q.code}.{rest}", _option(q, raw))]
    if q.multiple and rest in options:
        return [(whole, rest)] if raw.lower() in PICKED or _label_of(q, rest) == raw else []
    row, _, column = rest.partition("_")
    if row in q.rows and column in options:  # a checkbox matrix: one column per row and option
        return [(f"{q.code}.{row}", column)] if raw.lower() in PICKED else []
    raise NotAnswer(f"{rest!r} is no row or option of question {q.code}")


def _label_of(q: QuestionShape, code: str) -> str:
    return next((label for c, label in q.options if c == code), "")


def _option(q: QuestionShape, raw: str) -> str:
    if not q.options:
        return raw
    found = choice_code(raw, q.options)
    if found is None:
        shown = ", ".join(c for c, _ in q.options[:10])
        raise ValueError(f"{raw!r} is not an option of question {q.code} ({shown})")
    return found
