"""Qualtrics survey definitions (``.qsf``, JSON) mapped to questions, like LimeSurvey's.

Multiple choice becomes ``choice`` (options coded by their recode values, as exports write them),
text entry ``text``, a Likert matrix ``choice`` with rows, the NPS selector ``nps``. Everything
else (side by side, sliders, rank order, descriptive text, display logic, text entry on choices)
is listed as unsupported. Lines: a .qsf is often one line; each item names the line where its
question's JSON begins.
"""

from __future__ import annotations

import json
from typing import Any

from servicegap.lib.limesurvey_map import CODE_MAX, CODE_PATTERN, Item, Plan, Planned

MAX_BYTES = 20 * 1024 * 1024
SINGLE = {"SAVR", "SAHR", "SACOL", "DL", "SB"}
MULTIPLE = {"MAVR", "MAHR", "MACOL", "MSB"}
TEXT = {"SL", "ML", "ESTB", "PW"}
NOT_MAPPED = {
    "SBS": "side by side: several questions in one grid",
    "Slider": "slider: free numbers have no matching answer kind",
    "RO": "rank order: an order of items has no matching answer kind",
    "CS": "constant sum: free numbers have no matching answer kind",
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


def _order(document: dict[str, Any]) -> list[str]:
    """Question ids in block order (trash left out), then any others."""
    order: list[str] = []
    for element in document["SurveyElements"]:
        if element.get("Element") == "BL":
            blocks = element.get("Payload") or []
            for block in blocks.values() if isinstance(blocks, dict) else blocks:
                if block.get("Type") != "Trash":
                    order += [
                        e["QuestionID"] for e in block.get("BlockElements", []) if "QuestionID" in e
                    ]
    return order


def plan(document: dict[str, Any], text: str, workspace_scale: int) -> Plan:
    entry = document.get("SurveyEntry") or {}
    language = str(entry.get("SurveyLanguage") or "en").lower()
    title = str(entry.get("SurveyName") or "") or "Qualtrics survey"
    out = Plan(title, [language], workspace_scale, [], [], [])
    questions = {
        e["PrimaryAttribute"]: e.get("Payload") or {}
        for e in document["SurveyElements"]
        if e.get("Element") == "SQ"
    }
    order = [q for q in _order(document) if q in questions]
    order += [q for q in questions if q not in order]
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
        planned = _question(payload, code, language, line, out)
        if planned is not None:
            out.questions.append(planned)
    return out


def _choices(payload: dict[str, Any], key: str, recode: dict[str, Any]) -> list[dict[str, str]]:
    choices = payload.get(key) or {}
    order = payload.get(f"{key[:-1]}Order") or list(choices)
    return [
        {"code": str(recode.get(str(c), c)), "label": str(choices[str(c)].get("Display", ""))}
        for c in order
        if str(c) in choices
    ]


def _question(
    payload: dict[str, Any], code: str, lang: str, line: int, out: Plan
) -> Planned | None:
    qtype, selector = payload.get("QuestionType"), payload.get("Selector")
    text = {lang: str(payload.get("QuestionText") or "")}
    required = (payload.get("Validation") or {}).get("Settings", {}).get("ForceResponse") == "ON"
    planned = Planned(line, code, "choice", text, required=required)
    recode = payload.get("RecodeValues") or {}
    if qtype == "MC" and selector == "NPS":
        planned.kind = "nps"
    elif qtype == "MC" and selector in SINGLE | MULTIPLE:
        planned.options = _choices(payload, "Choices", recode)
    elif qtype == "TE" and selector in TEXT:
        planned.kind = "text"
    elif qtype == "TE" and selector == "FORM":
        planned.kind, planned.rows = "text", _choices(payload, "Choices", {})
    elif qtype == "Matrix" and selector == "Likert":
        planned.rows = _choices(payload, "Choices", {})
        planned.options = _choices(payload, "Answers", recode)
    else:
        why = NOT_MAPPED.get(str(qtype), f"question type {qtype}/{selector} has no matching kind")
        out.unsupported.append(Item(line, code, f"not imported: {why}"))
        return None
    entries = [c for c, v in (payload.get("Choices") or {}).items() if v.get("TextEntry")]
    if entries and planned.kind != "text":
        what = ", ".join(entries)
        out.unsupported.append(Item(line, code, f"text entry on choice {what} not imported"))
    if payload.get("DisplayLogic") or any(
        v.get("DisplayLogic") for v in (payload.get("Choices") or {}).values()
    ):
        out.unsupported.append(Item(line, code, "display logic not imported; always shown"))
    return planned
