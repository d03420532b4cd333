"""LimeSurvey question types mapped to our question kinds; what does not map is reported.

``plan(survey, workspace_scale)`` returns the questions to create and the list of unsupported
items, each with the source line and a reason. Nothing is left out without a line in the report.
docs/formats.md holds the same table for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from servicegap.lib.limesurvey import LssQuestion, LssSurvey

CODE_MAX = 64
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]+")
# type -> (LimeSurvey's name, our kind)
MAPPED: dict[str, tuple[str, str]] = {
    "L": ("List (radio)", "choice"),
    "!": ("List (dropdown)", "choice"),
    "O": ("List with comment", "choice"),
    "M": ("Multiple choice", "choice"),
    "P": ("Multiple choice with comments", "choice"),
    "Y": ("Yes/No", "choice"),
    "G": ("Gender", "choice"),
    "S": ("Short free text", "text"),
    "T": ("Long free text", "text"),
    "U": ("Huge free text", "text"),
    "Q": ("Multiple short text", "text"),
    "5": ("5 point choice", "rating"),
    "A": ("Array (5 point choice)", "rating"),
    "B": ("Array (10 point choice)", "rating"),
    "F": ("Array (flexible labels)", "choice"),
    "H": ("Array by column", "choice"),
    "C": ("Array (Yes/Uncertain/No)", "choice"),
    "E": ("Array (Increase/Same/Decrease)", "choice"),
    ":": ("Array (Numbers), with checkbox layout only", "choice"),
}
UNSUPPORTED: dict[str, str] = {
    "1": "Array dual scale: two answers per row; our matrix rows take one",
    ";": "Array (Texts): a grid of texts has no matching kind",
    ":": "Array (Numbers): numeric grids have no matching kind (only the checkbox layout maps)",
    "N": "Numerical input: free numbers have no matching answer kind",
    "K": "Multiple numerical input: free numbers have no matching answer kind",
    "R": "Ranking: an order of items has no matching answer kind",
    "D": "Date/Time: dates have no matching answer kind",
    "|": "File upload: files are not collected",
    "*": "Equation: a computed value, not a question",
    "X": "Text display: shows text only, asks nothing",
    "I": "Language switch: not a question",
}
FIXED_OPTIONS = {
    "Y": [("Y", "Yes"), ("N", "No")],
    "G": [("F", "Female"), ("M", "Male")],
    "C": [("Y", "Yes"), ("U", "Uncertain"), ("N", "No")],
    "E": [("I", "Increase"), ("S", "Same"), ("D", "Decrease")],
}
RATING_SCALE = {"5": 5, "A": 5, "B": 10}
OTHER = "-oth-"
_SIMPLE_RELEVANCE = re.compile(r'^\(*\s*([A-Za-z0-9_]+)(?:\.NAOK)?\s*==\s*"([^"]*)"\s*\)*$')


@dataclass
class Planned:
    line: int
    code: str
    kind: str
    text: dict[str, str]
    options: list[dict[str, str]] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    required: bool = False
    condition: dict[str, Any] = field(default_factory=dict)


@dataclass
class Item:
    """One thing of the file that was not imported, or not completely: ``line: code: reason``."""

    line: int
    code: str
    reason: str


@dataclass
class Plan:
    title: str
    languages: list[str]
    scale_max: int
    questions: list[Planned]
    unsupported: list[Item]
    errors: list[Item]


def _label(names: dict[str, str], base: str) -> str:
    return (names.get(base) or next((v for v in names.values() if v), "")).strip()


def plan(survey: LssSurvey, workspace_scale: int) -> Plan:
    base = survey.base_language
    title = survey.titles.get(base) or next((t for t in survey.titles.values() if t), "")
    out = Plan(title or f"LimeSurvey {survey.sid}", survey.languages, 0, [], [], [])
    for gid, rec in survey.group_relevance.items():
        out.unsupported.append(
            Item(rec.line, f"group {gid}", f"group condition {rec['grelevance']!r} not imported")
        )
    seen: dict[str, int] = {}
    for question in survey.questions:
        code = question.rec["title"].strip()
        if not CODE_PATTERN.fullmatch(code) or len(code) > CODE_MAX:
            out.errors.append(Item(question.line, code or "title", "is not a usable code"))
            continue
        if code in seen:
            out.errors.append(Item(question.line, code, f"code used twice (line {seen[code]})"))
            continue
        seen[code] = question.line
        planned = _map(question, base, out)
        if planned is not None:
            out.questions.append(planned)
    out.scale_max = out.scale_max or workspace_scale
    choices = {p.code for p in out.questions if p.kind == "choice" and not p.rows}
    for planned, question in zip(out.questions, _mapped_sources(survey, out), strict=True):
        _condition(planned, question, choices, out)
    return out


def _mapped_sources(survey: LssSurvey, out: Plan) -> list[LssQuestion]:
    by_line = {q.line: q for q in survey.questions}
    return [by_line[p.line] for p in out.questions]


def _map(q: LssQuestion, base: str, out: Plan) -> Planned | None:
    code, qtype = q.rec["title"].strip(), q.rec["type"]
    checkbox = qtype == ":" and q.attributes.get("multiflexible_checkbox") == "1"
    if qtype not in MAPPED or (qtype == ":" and not checkbox):
        reason = UNSUPPORTED.get(qtype, f"question type {qtype!r} is not known")
        out.unsupported.append(Item(q.line, code, f"not imported: {reason}"))
        return None
    name, kind = MAPPED[qtype]
    scale = RATING_SCALE.get(qtype)
    if scale is not None:
        out.scale_max = out.scale_max or scale
        if scale != out.scale_max:
            why = f"{name} is on 1-{scale}; this survey's scale is 1-{out.scale_max}"
            out.unsupported.append(Item(q.line, code, f"not imported: {why}"))
            return None
    text = {lang: value for lang, value in q.text.items() if value}
    planned = Planned(q.line, code, kind, text, required=q.rec["mandatory"] == "Y")
    y_axis = [s for s in q.subquestions if s.rec["scale_id"] in ("", "0")]
    x_axis = [s for s in q.subquestions if s.rec["scale_id"] == "1"]
    as_options = [{"code": s.rec["title"], "label": _label(s.text, base)} for s in y_axis]
    if qtype in ("M", "P"):
        planned.options = as_options
    elif qtype in "QABFHCE:":
        planned.rows = as_options
    if qtype == ":":
        planned.options = [{"code": s.rec["title"], "label": _label(s.text, base)} for s in x_axis]
    elif qtype in FIXED_OPTIONS:
        planned.options = [{"code": c, "label": label} for c, label in FIXED_OPTIONS[qtype]]
    elif kind == "choice" and qtype not in "MP":
        planned.options = [
            {"code": rec["code"], "label": _label(names, base)}
            for rec, names in q.answers
            if rec["scale_id"] in ("", "0")
        ]
    if q.rec["other"] == "Y" and kind == "choice":
        _other(planned, q, out)
    if qtype in ("O", "P"):
        out.unsupported.append(Item(q.line, code, f"{name}: the comments are not imported"))
    _notes(planned, q, out)
    return planned


def _other(planned: Planned, q: LssQuestion, out: Plan) -> None:
    label = q.attributes.get("other_replace_text", "").strip() or "Other"
    other = {"code": OTHER, "label": label}
    position = q.attributes.get("other_position", "")
    after = q.attributes.get("other_position_code", "")
    codes = [o["code"] for o in planned.options]
    if position == "beginning":
        planned.options.insert(0, other)
    elif position == "specific" and after in codes:
        planned.options.insert(codes.index(after) + 1, other)
    else:
        planned.options.append(other)
    out.unsupported.append(
        Item(q.line, planned.code, f"the text typed after 'Other' is not imported ({OTHER} is)")
    )


def _notes(planned: Planned, q: LssQuestion, out: Plan) -> None:
    if q.help:
        out.unsupported.append(Item(q.line, planned.code, "help text not imported"))
    if q.script:
        out.unsupported.append(
            Item(q.line, planned.code, "question script not imported (never run)")
        )
    for sub in q.subquestions:
        if sub.rec["relevance"].strip() not in ("", "1"):
            what = f"{planned.code}.{sub.rec['title']}"
            out.unsupported.append(Item(sub.line, what, "subquestion condition not imported"))


def _condition(planned: Planned, q: LssQuestion, choices: set[str], out: Plan) -> None:
    relevance = q.rec["relevance"].strip()
    if relevance in ("", "1"):
        return
    match = _SIMPLE_RELEVANCE.match(relevance)
    if match and match.group(1) in choices:
        planned.condition = {"item": match.group(1), "kind": "choice", "in": [match.group(2)]}
        return
    out.unsupported.append(
        Item(
            q.line,
            planned.code,
            f"condition {relevance!r} not imported; the question is always shown",
        )
    )
