"""LimeSurvey's free answers, numbers and dates, mapped to our ``number`` and ``date`` kinds.

Numerical input (``N``), multiple numerical input (``K``: one number per row), Array (Numbers)
in its number layout (``:``: one number per cell, rows ``Y_X`` as LimeSurvey's columns
``CODE[Y_X]``) and Date/Time (``D``). A question's limits (``min``, ``max``, whole numbers only;
for dates the earliest and latest day) are kept in ``Question.limits`` and checked on its page;
what cannot be kept (a limit written as an expression, a total over the rows) is returned as a
reason for the report. A time of day without a date becomes a text question.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from servicegap.lib.limesurvey_map import Planned

FREE = frozenset({"N", "K", "D"})
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _number(text: str) -> float | None:
    text = (text or "").strip()
    return float(text) if _NUMBER.fullmatch(text) else None


def _bounds(attributes: dict[str, str], low: str, high: str, what: str) -> tuple[dict, list[str]]:
    """``{min, max}`` from two attributes; an expression (``{Q1 + 2}``) is reported, not kept."""
    limits: dict[str, Any] = {}
    notes = []
    for key, name in (("min", low), ("max", high)):
        raw = (attributes.get(name) or "").strip()
        value = _number(raw)
        if value is not None:
            limits[key] = int(value) if value == int(value) else value
        elif raw:
            notes.append(f"the {what} {key}imum {raw!r} is an expression: not checked")
    return limits, notes


def free_answer(
    planned: Planned,
    qtype: str,
    attributes: dict[str, str],
    rows: list[dict[str, str]],
    columns: list[dict[str, str]],
) -> list[str]:
    """Make ``planned`` a number or date question of LimeSurvey type ``qtype``; the reasons of
    what was not kept."""
    if qtype == "D":
        return _date(planned, attributes)
    notes: list[str] = []
    if qtype == ":":
        limits, notes = _bounds(attributes, "multiflexible_min", "multiflexible_max", "cell")
        step = _number(attributes.get("multiflexible_step", ""))
        planned.rows = [
            {"code": f"{y['code']}_{x['code']}", "label": f"{y['label']}: {x['label']}"}
            for y in rows
            for x in columns
        ]
        whole = step is None or step == int(step)
    else:
        limits, notes = _bounds(attributes, "min_num_value_n", "max_num_value_n", "number")
        whole = attributes.get("num_value_int_only", "").strip() == "1"
        planned.rows = rows if qtype == "K" else []
        for name, what in (("min_num_value", "at least"), ("max_num_value", "at most")):
            total = attributes.get(name, "").strip()
            if qtype == "K" and total:
                notes.append(f"a total of {what} {total} over the rows is not checked")
        if attributes.get("equals_num_value", "").strip():
            notes.append("the total the rows must add up to is not checked")
    if whole:
        limits["integer"] = True
    planned.limits = limits
    return notes


def _date(planned: Planned, attributes: dict[str, str]) -> list[str]:
    """A date, with its time of day when LimeSurvey's ``date_format`` has one (``HH``)."""
    shape = attributes.get("date_format", "").strip()
    has_day = not shape or any(part in shape.lower() for part in ("d", "y"))
    if not has_day:
        planned.kind = "text"
        return [f"a time of day without a date ({shape}): kept as text"]
    planned.kind = "date"
    limits: dict[str, Any] = {"time": True} if "HH" in shape else {}
    notes = []
    for key, name in (("min", "date_min"), ("max", "date_max")):
        raw = (attributes.get(name) or "").strip()
        if _DAY.fullmatch(raw[:10]) and len(raw) in (10, 19):
            limits[key] = raw[:10]
        elif raw:
            notes.append(f"the date {key}imum {raw!r} is an expression: not checked")
    planned.limits = limits
    return notes
