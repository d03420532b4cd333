"""LimeSurvey question types mapped to our question kinds; what does not map is reported.

``plan(survey, workspace_scale)`` returns the questions to create and the list of unsupported
items, each with the source line and a reason. Nothing is left out without a line in the report.
docs/formats.md holds the same table for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from servicegap.lib import richtext
from servicegap.lib.limesurvey import LssQuestion, LssSurvey
from servicegap.lib.limesurvey_free import FREE, free_answer

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
    ":": ("Array (Numbers), checkbox layout (the number layout: limesurvey_free)", "choice"),
    "1": ("Array dual scale: two choice matrices, CODE_0 and CODE_1", "choice"),
    ";": ("Array (Texts): one text per cell, rows Y_X", "text"),
    "R": ("Ranking: a choice matrix, the rank (1..n) of each item", "choice"),
}
UNSUPPORTED: dict[str, str] = {
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
MULTIPLE = {"M", "P"}
OTHER = "-oth-"
# A multiple-choice option ticked: LimeSurvey names it QUESTION_OPTION, its value "Y".
_OPTION_TICKED = re.compile(r'([A-Za-z0-9_]+_[A-Za-z0-9]+)(?:\.NAOK)?\s*==\s*"Y"')
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
    multiple: bool = False  # choice: several options may be picked (checkboxes)
    limits: dict[str, Any] = field(default_factory=dict)  # number, date: {min, max, ...}


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


def rich(source: str, line: int, code: str, out: Plan) -> str:
    """The safe subset of a source text (lib/richtext.py); each image it held is reported."""
    cleaned = richtext.clean(source)
    for src in cleaned.images:
        why = f"image {src} not imported (an image from another host would see who answers)"
        out.unsupported.append(Item(line, code, why))
    return cleaned.text


def _label(names: dict[str, str], base: str, item: str, line: int, out: Plan) -> str:
    """An option or row label (``item`` is QUESTION.CODE) in the base language, as rich text;
    its code when nothing but an image was there."""
    source = (names.get(base) or next((v for v in names.values() if v), "")).strip()
    return rich(source, line, item, out) or item.rsplit(".", 1)[-1]


def plan(survey: LssSurvey, workspace_scale: int) -> Plan:
    base = survey.base_language
    title = survey.titles.get(base) or next((t for t in survey.titles.values() if t), "")
    title = richtext.plain(title)  # a title is shown in lists and <title>: no markup
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
        if question.rec["type"] == "1":
            out.questions += _dual(question, code, base, out)
            continue
        planned = _map(question, base, out)
        if planned is not None:
            out.questions.append(planned)
    out.scale_max = out.scale_max or workspace_scale
    choices = {p.code for p in out.questions if p.kind == "choice" and not p.rows}
    multiple = {p.code for p in out.questions if p.multiple and not p.rows}
    for planned, question in zip(out.questions, _mapped_sources(survey, out), strict=True):
        _condition(planned, question, choices, multiple, out)
    return out


def _mapped_sources(survey: LssSurvey, out: Plan) -> list[LssQuestion]:
    by_line = {q.line: q for q in survey.questions}
    return [by_line[p.line] for p in out.questions]


def _map(q: LssQuestion, base: str, out: Plan) -> Planned | None:
    code, qtype = q.rec["title"].strip(), q.rec["type"]
    checkbox = qtype == ":" and q.attributes.get("multiflexible_checkbox") == "1"
    if qtype in FREE or (qtype == ":" and not checkbox):
        planned = Planned(q.line, code, "number", _texts(q, code, out))
        planned.required = q.rec["mandatory"] == "Y"
        rows = [_sub(s, code, base, out) for s in q.subquestions if s.rec["scale_id"] in ("", "0")]
        columns = [_sub(s, code, base, out) for s in q.subquestions if s.rec["scale_id"] == "1"]
        for why in free_answer(planned, qtype, q.attributes, rows, columns):
            out.unsupported.append(Item(q.line, code, why))
        _notes(planned, q, out)
        return planned
    if qtype not in MAPPED:
        reason = UNSUPPORTED.get(qtype, f"question type {qtype!r} is not known")
        out.unsupported.append(Item(q.line, code, f"not imported: {reason}"))
        return None
    name, kind = MAPPED[qtype]
    scale = RATING_SCALE.get(qtype)
    own_scale = False
    if scale is not None:
        out.scale_max = out.scale_max or scale
        if scale != out.scale_max:
            # Kept on its own scale as choices 1..scale (its answers are not lost), outside the
            # survey's ratings: a 10-point answer is not a 5-point one.
            why = (
                f"{name} is on 1-{scale}, this survey's ratings on 1-{out.scale_max}: kept as "
                f"a choice of 1-{scale}, not a rating"
            )
            out.unsupported.append(Item(q.line, code, why))
            kind, own_scale = "choice", True
    text = _texts(q, code, out)
    planned = Planned(q.line, code, kind, text, required=q.rec["mandatory"] == "Y")
    # Multiple choice, and the checkbox layout of Array (Numbers): each ticked box is an answer.
    planned.multiple = qtype in MULTIPLE or qtype == ":"
    y_axis = [s for s in q.subquestions if s.rec["scale_id"] in ("", "0")]
    x_axis = [s for s in q.subquestions if s.rec["scale_id"] == "1"]
    as_options = [_sub(s, code, base, out) for s in y_axis]
    if qtype in ("M", "P"):
        planned.options = as_options
    elif qtype in "QABFHCE:":
        planned.rows = as_options
    if qtype == "R":
        _ranking(planned, q, base, out)
        _notes(planned, q, out)
        return planned
    if qtype == ";":  # a text per cell; LimeSurvey's columns are CODE[Y_X]
        columns = [_sub(s, code, base, out) for s in x_axis]
        planned.rows = [
            {"code": f"{y['code']}_{x['code']}", "label": f"{y['label']}: {x['label']}"}
            for y in as_options
            for x in columns
        ]
    if qtype == ":":
        planned.options = [_sub(s, code, base, out) for s in x_axis]
    elif own_scale and scale is not None:
        planned.options = [{"code": str(v), "label": str(v)} for v in range(1, scale + 1)]
    elif qtype in FIXED_OPTIONS:
        planned.options = [{"code": c, "label": label} for c, label in FIXED_OPTIONS[qtype]]
    elif kind == "choice" and qtype not in "MP":
        planned.options = [
            {
                "code": rec["code"],
                "label": _label(names, base, f"{code}.{rec['code']}", rec.line, out),
            }
            for rec, names in q.answers
            if rec["scale_id"] in ("", "0")
        ]
    if q.rec["other"] == "Y" and kind == "choice":
        _other(planned, q, out)
    if qtype in ("O", "P"):
        out.unsupported.append(Item(q.line, code, f"{name}: the comments are not imported"))
    _notes(planned, q, out)
    return planned


def _ranking(planned: Planned, q: LssQuestion, base: str, out: Plan) -> None:
    """Ranking: rows are the items (subquestions in the newer theme, else answer options),
    options the ranks 1..n, one per row. LimeSurvey's columns ``CODE[k]`` hold the item at rank
    k; as answers each item gets its rank, ``CODE.ITEM`` = k."""
    code = planned.code
    items = [_sub(s, code, base, out) for s in q.subquestions if s.rec["scale_id"] in ("", "0")]
    if not items:
        items = [
            {
                "code": rec["code"],
                "label": _label(names, base, f"{code}.{rec['code']}", rec.line, out),
            }
            for rec, names in q.answers
            if rec["scale_id"] in ("", "0")
        ]
    planned.rows = items
    planned.options = [{"code": str(k), "label": str(k)} for k in range(1, len(items) + 1)]
    why = "ranking: each item's rank is kept; that no two items share a rank is not checked"
    out.unsupported.append(Item(q.line, code, why))


def _dual(q: LssQuestion, code: str, base: str, out: Plan) -> list[Planned]:
    """Array dual scale: two answers per row, one on each scale. It becomes two choice matrices
    with the same rows, ``CODE_0`` and ``CODE_1`` (LimeSurvey's scale ids: its response columns
    are ``CODE[ROW#0]`` and ``CODE[ROW#1]``), each with its scale's options and header."""
    text = _texts(q, code, out)
    rows = [_sub(s, code, base, out) for s in q.subquestions if s.rec["scale_id"] in ("", "0")]
    found = []
    for scale, header in (("0", "dualscale_headerA"), ("1", "dualscale_headerB")):
        title = rich(q.attributes.get(header, ""), q.line, code, out)
        planned = Planned(q.line, f"{code}_{scale}", "choice", dict(text))
        if title:
            planned.text = {
                lang: f"{value}<br><strong>{title}</strong>" for lang, value in text.items()
            }
        planned.required = q.rec["mandatory"] == "Y"
        planned.rows = [dict(r) for r in rows]
        planned.options = [
            {
                "code": rec["code"],
                "label": _label(names, base, f"{code}.{rec['code']}", rec.line, out),
            }
            for rec, names in q.answers
            if (rec["scale_id"] or "0") == scale
        ]
        found.append(planned)
    _notes(found[0], q, out)
    return found


def _texts(q: LssQuestion, code: str, out: Plan) -> dict[str, str]:
    """The question text per language as rich text, and its help text (LimeSurvey shows it under
    the question) on a line of its own after it."""
    texts: dict[str, str] = {}
    for lang in dict.fromkeys([*q.text, *q.help]):
        parts = [rich(q.text.get(lang, ""), q.line, code, out)]
        parts.append(rich(q.help.get(lang, ""), q.line, code, out))
        value = "<br>".join(p for p in parts if p)
        if value:
            texts[lang] = value
    return texts


def _sub(sub: LssQuestion, code: str, base: str, out: Plan) -> dict[str, str]:
    title = sub.rec["title"]
    return {"code": title, "label": _label(sub.text, base, f"{code}.{title}", sub.line, out)}


def _other(planned: Planned, q: LssQuestion, out: Plan) -> None:
    label = rich(q.attributes.get("other_replace_text", ""), q.line, planned.code, out) or "Other"
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
    for name, what in (("min_answers", "at least"), ("max_answers", "at most")):
        limit = q.attributes.get(name, "").strip()
        if planned.multiple and limit not in ("", "0"):
            why = f"{what} {limit} answers ({name}) is not checked; any number may be picked"
            out.unsupported.append(Item(q.line, planned.code, why))
    if q.script:
        out.unsupported.append(
            Item(q.line, planned.code, "question script not imported (never run)")
        )
    for sub in q.subquestions:
        if sub.rec["relevance"].strip() not in ("", "1"):
            what = f"{planned.code}.{sub.rec['title']}"
            out.unsupported.append(Item(sub.line, what, "subquestion condition not imported"))


def _ticked(relevance: str, choices: set[str]) -> tuple[str, list[str]] | None:
    """``Q_SQ1 == "Y" or Q_SQ2 == "Y"``: options of one multiple-choice question, any of them
    ticked. Our condition holds when any listed answer was given, so "or" maps and "and" does not
    (``None``: not this form)."""
    terms = re.split(r"\s+(?:or|\|\|)\s+", relevance.strip().strip("()").strip())
    found: list[tuple[str, str]] = []
    for term in terms:
        match = _OPTION_TICKED.fullmatch(term.strip().strip("()").strip())
        if match is None:
            return None
        question, option = match.group(1).rsplit("_", 1)
        found.append((question, option))
    questions = {question for question, _ in found}
    if len(questions) != 1 or not questions <= choices:
        return None
    return found[0][0], [option for _, option in found]


def _condition(
    planned: Planned, q: LssQuestion, choices: set[str], multiple: set[str], out: Plan
) -> None:
    relevance = q.rec["relevance"].strip()
    if relevance in ("", "1"):
        return
    match = _SIMPLE_RELEVANCE.match(relevance)
    if match and match.group(1) in choices:
        planned.condition = {"item": match.group(1), "kind": "choice", "in": [match.group(2)]}
        return
    ticked = _ticked(relevance, multiple)
    if ticked is not None:
        planned.condition = {"item": ticked[0], "kind": "choice", "in": ticked[1]}
        return
    out.unsupported.append(
        Item(
            q.line,
            planned.code,
            f"condition {relevance!r} not imported; the question is always shown",
        )
    )
