"""One survey version as a form: the fields a respondent sees, and their answers read back.

Each question becomes a ``Field`` (what the template draws). ``read_answers`` turns the posted
values into contract answers ``{item, kind, value}`` per question, with an error per question,
applying the "show if" conditions in question order: the answers to a hidden question are dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from servicegap.lib.faces import faces
from servicegap.lib.scales import DIMENSIONS, FIXED_RANGES, KANO_ANSWERS, MAX_TEXT, RESPONSE_KINDS
from servicegap.surveys import answering_free
from servicegap.surveys.respond_text import localised
from servicegap.surveys.templates_catalogue import question_type

ANCHORS = {
    "nps": ("nps_low", "nps_high"),
    "enps": ("nps_low", "nps_high"),
    "csat": ("csat_low", "csat_high"),
    "ces": ("ces_low", "ces_high"),
    "expectation": ("low_expect", "high_expect"),
    "adequate": ("low_expect", "high_expect"),
    "desired": ("low_expect", "high_expect"),
}


@dataclass
class Choice:
    value: str
    label: str
    hint: str = ""


@dataclass
class Row:
    code: str
    label: str
    name: str
    value: str = ""
    values: list[str] = field(default_factory=list)  # a checkgrid row: the options ticked


@dataclass
class Field:
    question: Any
    qtype: str
    name: str
    legend: str
    item: str
    kind: str
    required: bool
    choices: list[Choice] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    anchors: tuple[str, str] | None = None
    condition: str = ""  # JSON for the client-side script
    widget: str = "radios"  # radios, faces, checks, matrix, checkgrid, points, text(s), free
    error: str = ""
    values: list[str] = field(default_factory=list)
    hint: str = ""  # a plain line under the question (the importance points)
    limits: dict[str, Any] = field(default_factory=dict)  # number, date: Question.limits
    attrs: dict[str, str] = field(default_factory=dict)  # number, date: the input's type, min...

    @property
    def value(self) -> str:
        return self.values[0] if self.values else ""

    @property
    def id(self) -> str:
        return self.name


def _item(question) -> str:
    return "" if question.kind in RESPONSE_KINDS else question.code


def _scale(kind: str, scale_max: int, w: dict) -> tuple[list[Choice], tuple[str, str]]:
    low, high = FIXED_RANGES.get(kind, (1, scale_max))
    lo_key, hi_key = ANCHORS.get(kind, ("low", "high"))
    values = range(int(low), int(high) + 1)
    choices = [Choice(str(v), str(v)) for v in values]
    choices[0].hint, choices[-1].hint = w[lo_key], w[hi_key]
    return choices, (f"{low} = {w[lo_key]}", f"{high} = {w[hi_key]}")


def _dimension(row: dict, label: str, w: dict) -> str:
    """A people/process/product row in plain words, unless the survey worded it itself."""
    code = str(row.get("code", ""))
    if code in DIMENSIONS and label.strip().lower() in (code, ""):
        return w[f"dim_{code}"]
    return label


def build_fields(questions, scale_max: int, lang: str, languages: list[str], w: dict):
    fields = []
    for q in questions:
        qtype = question_type(q.kind, q.rows, q.multiple)
        f = Field(
            q, qtype, f"q{q.pk}", localised(q.text, lang, languages), _item(q), q.kind, q.required
        )
        if q.condition:
            f.condition = json.dumps(q.condition)
        label = lambda x: localised(x.get("label", x.get("code", "")), lang, languages)  # noqa: E731
        if q.kind == "moment":
            f.widget = "faces"
            f.choices = [Choice(face.moment, face.label, face.icon) for face in faces(lang)]
        elif q.kind.startswith("kano_"):
            f.choices = [Choice(a, w[a]) for a in KANO_ANSWERS]
            f.widget = "list"
        elif q.kind == "choice":
            f.choices = [Choice(str(o["code"]), label(o)) for o in q.options]
            f.widget = "checks" if q.multiple else "list"
            if q.rows:  # a choice matrix (imported): one answer, or several, per row
                f.widget = "checkgrid" if q.multiple else "matrix"
                f.rows = [Row(r["code"], label(r), f"{f.name}.{r['code']}") for r in q.rows]
        elif q.kind == "text":
            f.widget = "text"
            if q.rows:  # several short texts (imported): one answer per row, QUESTION.ROW
                f.widget = "texts"
                f.rows = [Row(r["code"], label(r), f"{f.name}.{r['code']}") for r in q.rows]
        elif q.kind in ("number", "date"):  # free answers of imported surveys
            f.widget, f.limits = "free", dict(q.limits or {})
            f.attrs = answering_free.input_attributes(q.kind, f.limits)
            f.rows = [Row(r["code"], label(r), f"{f.name}.{r['code']}") for r in q.rows]
        elif q.kind == "importance":
            f.widget = "points"
            f.rows = [
                Row(r["code"], _dimension(r, label(r), w), f"{f.name}.{r['code']}") for r in q.rows
            ]
            f.hint = w["points_hint"]
            f.required = False  # always optional: people give up on a survey at sums
        else:
            f.choices, f.anchors = _scale(q.kind, scale_max, w)
            if q.rows:
                f.widget = "matrix"
                f.rows = [Row(r["code"], label(r), f"{f.name}.{r['code']}") for r in q.rows]
        fields.append(f)
    return fields


def _norm(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value).strip().lower()
    return str(int(number)) if number == int(number) else str(number)


def shown(condition: dict, given: list[dict]) -> bool:
    """A "show if" {item, kind, in} holds when an answer so far matches one of the values."""
    if not condition:
        return True
    wanted = {_norm(v) for v in condition.get("in", [])}
    return any(
        a["item"] == (condition.get("item") or "")
        and a["kind"] == condition.get("kind")
        and _norm(a["value"]) in wanted
        for a in given
    )


def _read_one(f: Field, post, w: dict) -> tuple[list[dict], str]:
    """The answers of one field, or an error."""
    allowed = {c.value for c in f.choices}
    if f.widget == "text":
        text = post.get(f.name, "").strip()
        if len(text) > MAX_TEXT:
            return [], w["too_long"]
        return ([{"item": f.item, "kind": f.kind, "value": text}] if text else []), ""
    if f.widget == "checks":
        picked = [v for v in post.getlist(f.name) if v]
        if any(v not in allowed for v in picked):
            return [], w["pick_shown"]
        return [{"item": f.item, "kind": f.kind, "value": v} for v in picked], ""
    if f.widget == "free":
        names = [(f"{f.item}.{r.code}", r.name) for r in f.rows] or [(f.item, f.name)]
        found = []
        for item, name in names:
            raw = post.get(name, "").strip()
            if raw:
                value, error = answering_free.check(f.kind, f.limits, raw, w)
                if error:
                    return [], error
                found.append({"item": item, "kind": f.kind, "value": value})
        return found, ""
    if f.widget == "texts":
        given = [(r.code, post.get(r.name, "").strip()) for r in f.rows]
        if any(len(v) > MAX_TEXT for _, v in given):
            return [], w["too_long"]
        return [{"item": f"{f.item}.{c}", "kind": f.kind, "value": v} for c, v in given if v], ""
    if f.widget == "checkgrid":
        picked = [(r.code, v) for r in f.rows for v in post.getlist(r.name) if v]
        if any(v not in allowed for _, v in picked):
            return [], w["pick_shown"]
        return [{"item": f"{f.item}.{c}", "kind": f.kind, "value": v} for c, v in picked], ""
    if f.widget in ("matrix", "points"):
        return _read_rows(f, post, allowed, w)
    value = post.get(f.name, "").strip()
    if value and value not in allowed:
        return [], w["pick_shown"]
    return ([{"item": f.item, "kind": f.kind, "value": value}] if value else []), ""


def _read_rows(f: Field, post, allowed: set[str], w: dict) -> tuple[list[dict], str]:
    raw = {r.code: post.get(r.name, "").strip() for r in f.rows}
    if f.widget == "matrix":
        if any(v and v not in allowed for v in raw.values()):
            return [], w["pick_shown"]
        if f.required and not all(raw.values()):
            return [], w["need_all_rows"]
        return [
            {"item": f"{f.item}.{c}", "kind": f.kind, "value": v} for c, v in raw.items() if v
        ], ""
    if not any(raw.values()):
        return [], ""
    points = {}
    for code, v in raw.items():
        points[code] = int(v) if v.isdigit() else -1
    total = sum(points.values())
    if min(points.values()) < 0 or total != 100:
        shown_total = sum(p for p in points.values() if p > 0)
        return [], w["points"].format(total=shown_total)
    return [{"item": c, "kind": "importance", "value": p} for c, p in points.items()], ""


def read_answers(fields: list[Field], post, w: dict) -> tuple[list[tuple[Field, list[dict]]], bool]:
    """(field, answers) for every shown field; sets ``field.error``; True when all are fine."""
    given: list[dict] = []
    out = []
    ok = True
    for f in fields:
        answers, error = _read_one(f, post, w)
        if not shown(json.loads(f.condition) if f.condition else {}, given):
            continue  # hidden by its condition: its answers are dropped
        if not error and f.required and not answers:
            error = w["need_answer"]
        if error:
            f.error, ok = error, False
            continue
        given += answers
        out.append((f, answers))
    return out, ok


def posted_values(fields: list[Field], post) -> dict[str, list[str]]:
    """What was posted per input name, to draw the form again with the answers kept."""
    names = [r.name for f in fields for r in f.rows] + [f.name for f in fields]
    return {n: post.getlist(n) for n in names if post.getlist(n)}


def initial_values(fields: list[Field], answers: list[dict]) -> dict[str, list[str]]:
    """Contract answers (e.g. a saved partial response) as input values."""
    values: dict[str, list[str]] = {}
    for f in fields:
        for a in answers:
            if a.get("kind") != f.kind:
                continue
            item = a.get("item") or ""
            if f.widget == "points" and any(r.code == item for r in f.rows):
                values[f"{f.name}.{item}"] = [_norm(a.get("value"))]
            elif f.widget == "matrix" and item.startswith(f"{f.item}."):
                values[f"{f.name}.{item.split('.', 1)[1]}"] = [_norm(a.get("value"))]
            elif f.widget in ("texts", "free") and item.startswith(f"{f.item}."):
                values[f"{f.name}.{item.split('.', 1)[1]}"] = [str(a.get("value"))]
            elif f.widget == "checkgrid" and item.startswith(f"{f.item}."):
                name = f"{f.name}.{item.split('.', 1)[1]}"
                values.setdefault(name, []).append(_norm(a.get("value")))
            elif item == f.item:
                values.setdefault(f.name, []).append(
                    str(a.get("value")) if f.widget == "text" else _norm(a.get("value"))
                )
    return values


def apply_values(fields: list[Field], values: dict[str, list[str]]) -> None:
    """Put the given input values into the fields, so the form is drawn with them."""
    for f in fields:
        f.values = values.get(f.name, [])
        for r in f.rows:
            r.value = (values.get(r.name) or [""])[0]
            r.values = values.get(r.name, [])
