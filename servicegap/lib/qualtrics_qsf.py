"""Qualtrics survey definitions (``.qsf``, JSON) mapped to questions, like LimeSurvey's.

Multiple choice becomes ``choice`` (several answers for ``MAVR`` and the like; options coded by
their recode values, as exports write them), text entry ``text``, a Likert matrix ``choice`` with
rows, the NPS selector ``nps``, a side-by-side question one question per column, rank order the
rank of each choice, sliders and constant sums numbers; the text typed into a choice ("Other:
...") a text question right after its question. Questions in the Trash block are left out;
everything else (descriptive text, display logic) is listed as unsupported. Texts are kept as
rich text (``lib/richtext.py``). Lines: a .qsf is often one line; each item names the line
where its question's JSON begins.
"""

from __future__ import annotations

import json
from typing import Any

from servicegap.lib import richtext
from servicegap.lib.limesurvey_map import CODE_MAX, CODE_PATTERN, Item, Plan, Planned, rich

MAX_BYTES = 20 * 1024 * 1024
SINGLE = {"SAVR", "SAHR", "SACOL", "DL", "SB"}
MULTIPLE = {"MAVR", "MAHR", "MACOL", "MSB"}
TEXT = {"SL", "ML", "ESTB", "PW"}
NOT_MAPPED = {
    "DB": "descriptive text: shows text only, asks nothing",
    "Timing": "timing: not a question",
    "Meta": "meta info: not a question",
    "FileUpload": "file upload: files are not collected",
    "Draw": "signature: not collected",
}


class QsfError(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def _line_of(text: str, qid: str) -> int:
    at = text.find(f'"PrimaryAttribute":"{qid}"')
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def read(data: bytes) -> tuple[dict[str, Any], str]:
    if len(data) > MAX_BYTES:
        raise QsfError(1, f"the file is {len(data):,} bytes; at most {MAX_BYTES:,} are read")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise QsfError(line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})") from None
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise QsfError(getattr(exc, "lineno", 1), f"not readable as JSON: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("SurveyElements"), list):
        raise QsfError(1, "not a Qualtrics survey file (no SurveyEntry and SurveyElements)")
    return document, text


def _order(document: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Question ids in block order, and those of the Trash block (deleted in Qualtrics, kept in
    the file: never imported)."""
    order: list[str] = []
    trash: list[str] = []
    for element in document["SurveyElements"]:
        if element.get("Element") == "BL":
            blocks = element.get("Payload") or []
            for block in blocks.values() if isinstance(blocks, dict) else blocks:
                if not isinstance(block, dict):
                    continue
                ids = [
                    e["QuestionID"]
                    for e in block.get("BlockElements") or []
                    if isinstance(e, dict) and "QuestionID" in e
                ]
                (trash if block.get("Type") == "Trash" else order).extend(ids)
    return order, trash


def plan(document: dict[str, Any], text: str, workspace_scale: int) -> Plan:
    entry = document.get("SurveyEntry") or {}
    language = str(entry.get("SurveyLanguage") or "en").lower()
    title = richtext.plain(str(entry.get("SurveyName") or "")) or "Qualtrics survey"
    out = Plan(title, [language], workspace_scale, [], [], [])
    questions = {
        e["PrimaryAttribute"]: e.get("Payload") or {}
        for e in document["SurveyElements"]
        if e.get("Element") == "SQ"
    }
    blocks, trash = _order(document)
    order = [q for q in blocks if q in questions]
    order += [q for q in questions if q not in order and q not in trash]
    for qid in (q for q in questions if q in trash and q not in order):
        code = str(questions[qid].get("DataExportTag") or qid)
        why = "not imported: in the Trash block (deleted in Qualtrics)"
        out.unsupported.append(Item(_line_of(text, qid), code, why))
    seen: dict[str, int] = {}
    for qid in order:
        payload, line = questions[qid], _line_of(text, qid)
        code = str(payload.get("DataExportTag") or qid)
        if not CODE_PATTERN.fullmatch(code) or len(code) > CODE_MAX:
            out.errors.append(Item(line, code, "DataExportTag is not a usable code"))
            continue
        if code in seen:
            out.errors.append(Item(line, code, f"code used twice (line {seen[code]})"))
            continue
        seen[code] = line
        if payload.get("QuestionType") == "SBS":
            out.questions += _side_by_side(payload, code, language, line, out, seen)
            continue
        planned = _question(payload, code, language, line, out)
        if planned is not None:
            out.questions.append(planned)
            out.questions += _text_entries(payload, planned, line, out, seen)
    return out


def _text_entries(
    payload: dict[str, Any], planned: Planned, line: int, out: Plan, seen: dict[str, int]
) -> list[Planned]:
    """The text typed into a choice ("Other: ...") as text questions of their own, right after
    their question, coded as the export names their columns: ``CODE_TEXT`` for a single-answer
    question (one box: only one choice can be picked; shown when a choice with a box is),
    ``CODE_CHOICE_TEXT`` per choice of a multiple-answer question (shown when that choice is
    picked) and per row of a matrix. Without them an export's ``_TEXT`` columns had nowhere to
    go and the typed text, often the most telling answer, was lost."""
    choices = payload.get("Choices") or {}
    entries = [str(c) for c, v in choices.items() if isinstance(v, dict) and v.get("TextEntry")]
    if not entries or planned.kind != "choice":
        return []
    recode = payload.get("RecodeValues")
    recode = recode if isinstance(recode, dict) else {}
    matrix = bool(planned.rows)
    labels = {o["code"]: o["label"] for o in (planned.rows if matrix else planned.options)}
    lang = next(iter(planned.text))

    tags = payload.get("ChoiceDataExportTags")
    tags = tags if isinstance(tags, dict) else {}  # custom export tags name the columns

    def value(choice: str) -> str:
        return choice if matrix else str(recode.get(choice, choice))

    if not matrix and not planned.multiple:
        boxes = [(f"{planned.code}_TEXT", [value(c) for c in entries])]
    else:
        boxes = [(f"{planned.code}_{tags.get(c) or value(c)}_TEXT", [value(c)]) for c in entries]
    found = []
    for code, shown_for in boxes:
        if not CODE_PATTERN.fullmatch(code) or len(code) > CODE_MAX or code in seen:
            why = f"text entry on choice {', '.join(shown_for)} not imported: no free code {code}"
            out.unsupported.append(Item(line, planned.code, why))
            continue
        seen[code] = line
        label = " / ".join(labels.get(v, "") for v in shown_for if labels.get(v)) or "Other"
        box = Planned(line, code, "text", {lang: label})
        if not matrix:
            box.condition = {"item": planned.code, "kind": "choice", "in": shown_for}
        found.append(box)
    return found


def _side_by_side(
    payload: dict[str, Any], code: str, lang: str, line: int, out: Plan, seen: dict[str, int]
) -> list[Planned]:
    """A side-by-side question: each of its columns becomes a question of its own, ``TAG-N``
    for the column Qualtrics tags ``TAG#N`` (its response columns are ``TAG#N_ROW``), its text
    the question's then the column's. Likert columns are choice matrices, text columns texts
    with rows."""
    columns = payload.get("AdditionalQuestions") or {}
    found: list[Planned] = []
    shared = rich(str(payload.get("QuestionText") or ""), line, code, out)
    for key in sorted(columns, key=lambda k: int(k) if str(k).isdigit() else 0):
        column = columns[key] or {}
        tag = str(column.get("DataExportTag") or f"{code}#{key}").replace("#", "-")
        if not CODE_PATTERN.fullmatch(tag) or len(tag) > CODE_MAX or tag in seen:
            out.errors.append(Item(line, tag, "side-by-side column: not a usable code"))
            continue
        seen[tag] = line
        planned = _question(
            {**payload, **column, "Validation": payload.get("Validation")}, tag, lang, line, out
        )
        if planned is None:
            continue
        choices = column.get("Choices") or payload.get("Choices") or {}
        boxes = [c for c, v in choices.items() if isinstance(v, dict) and v.get("TextEntry")]
        if boxes and planned.kind == "choice":
            why = f"text entry on choice {', '.join(map(str, boxes))} not imported"
            out.unsupported.append(Item(line, tag, why))
        heading = planned.text[lang]
        planned.text = {
            lang: "<br>".join(
                t for t in (shared, f"<strong>{heading}</strong>" if heading else "") if t
            )
        }
        found.append(planned)
    if not columns:
        out.unsupported.append(
            Item(line, code, "not imported: a side-by-side question without columns")
        )
    return found


def _choices(
    payload: dict[str, Any], key: str, recode: dict[str, Any], where: tuple[int, str, Plan]
) -> list[dict[str, str]]:
    """Choices (or matrix answers) in their order, labels as rich text (images reported)."""
    line, code, out = where
    choices = payload.get(key) or {}
    order = payload.get(f"{key[:-1]}Order") or list(choices)
    found = []
    for c in order:
        if str(c) not in choices:
            continue
        value = str(recode.get(str(c), c))
        display = str((choices[str(c)] or {}).get("Display", ""))
        found.append({"code": value, "label": rich(display, line, f"{code}.{value}", out) or value})
    return found


def _question(
    payload: dict[str, Any], code: str, lang: str, line: int, out: Plan
) -> Planned | None:
    qtype, selector = payload.get("QuestionType"), payload.get("Selector")
    if qtype not in ("MC", "TE", "Matrix", "RO", "Slider", "CS"):
        why = NOT_MAPPED.get(str(qtype), f"question type {qtype}/{selector} has no matching kind")
        out.unsupported.append(Item(line, code, f"not imported: {why}"))
        return None
    text = {lang: rich(str(payload.get("QuestionText") or ""), line, code, out)}
    required = (payload.get("Validation") or {}).get("Settings", {}).get("ForceResponse") == "ON"
    planned = Planned(line, code, "choice", text, required=required)
    recode = payload.get("RecodeValues")
    recode = recode if isinstance(recode, dict) else {}  # an empty one is written []
    where = (line, code, out)
    if qtype == "MC" and selector == "NPS":
        planned.kind = "nps"
    elif qtype == "MC" and selector in SINGLE | MULTIPLE:
        planned.options = _choices(payload, "Choices", recode, where)
        planned.multiple = selector in MULTIPLE
    elif qtype == "TE" and selector in TEXT:
        planned.kind = "text"
    elif qtype == "TE" and selector == "FORM" or qtype == "Matrix" and selector == "TE":
        planned.kind, planned.rows = "text", _choices(payload, "Choices", {}, where)
    elif qtype in ("Slider", "CS"):  # a number per statement (the export's Q_CHOICE columns)
        planned.kind, planned.rows = "number", _choices(payload, "Choices", {}, where)
        planned.limits = _slider_limits(payload, qtype, line, code, out)
    elif qtype == "RO":  # rank order: each choice's rank, 1..n (the export's Q_CHOICE columns)
        planned.rows = _choices(payload, "Choices", {}, where)
        planned.options = [
            {"code": str(k), "label": str(k)} for k in range(1, len(planned.rows) + 1)
        ]
        why = "rank order: each choice's rank is kept; that no two share a rank is not checked"
        out.unsupported.append(Item(line, code, why))
    elif qtype == "Matrix" and selector == "Likert":
        planned.rows = _choices(payload, "Choices", {}, where)
        planned.options = _choices(payload, "Answers", recode, where)
        planned.multiple = payload.get("SubSelector") == "MultipleAnswer"
    else:
        why = NOT_MAPPED.get(str(qtype), f"question type {qtype}/{selector} has no matching kind")
        out.unsupported.append(Item(line, code, f"not imported: {why}"))
        return None
    entries = [c for c, v in (payload.get("Choices") or {}).items() if v.get("TextEntry")]
    # A choice question's boxes become text questions of their own (_text_entries).
    if entries and planned.kind not in ("text", "choice"):
        what = ", ".join(entries)
        out.unsupported.append(Item(line, code, f"text entry on choice {what} not imported"))
    if payload.get("DisplayLogic") or any(
        v.get("DisplayLogic") for v in (payload.get("Choices") or {}).values()
    ):
        out.unsupported.append(Item(line, code, "display logic not imported; always shown"))
    return planned


def _slider_limits(
    payload: dict[str, Any], qtype: str, line: int, code: str, out: Plan
) -> dict[str, Any]:
    """A slider's ends (``CSSliderMin``, ``CSSliderMax``) and decimals as the number's limits;
    a constant sum's total is reported (each number is kept, the total not checked)."""
    config = payload.get("Configuration") or {}
    limits: dict[str, Any] = {}
    for key, name in (("min", "CSSliderMin"), ("max", "CSSliderMax")):
        if isinstance(config.get(name), int | float) and not isinstance(config.get(name), bool):
            limits[key] = config[name]
    if str(config.get("NumDecimals", "")) == "0":
        limits["integer"] = True
    if qtype == "CS":
        out.unsupported.append(Item(line, code, "constant sum: the total is not checked"))
    elif payload.get("Labels"):
        out.unsupported.append(Item(line, code, "slider: the scale's labels are not shown"))
    return limits
