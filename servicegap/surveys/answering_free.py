"""Free answers on the respondent's page: a number or a date typed in, checked against the
question's own limits (``Question.limits``: ``min``, ``max``, ``integer``; for dates ``min`` and
``max`` days and ``time`` when the question asks for a time of day too). The contract then checks
the kind itself (``lib/scales.py``); the limits belong to the question, so they are checked here.
"""

from __future__ import annotations

import math
from typing import Any

from servicegap.lib.scales import AnswerError, iso_date


def _shown(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def check(kind: str, limits: dict[str, Any], raw: str, w: dict) -> tuple[str, str]:
    """``(value, error)`` for one typed answer; the value as the contract takes it."""
    if kind == "date":
        try:
            value = iso_date(raw)
        except AnswerError:
            return "", w["not_date"]
        day = value[:10]
        if limits.get("min") and day < str(limits["min"]):
            return "", w["date_min"].format(min=limits["min"])
        if limits.get("max") and day > str(limits["max"]):
            return "", w["date_max"].format(max=limits["max"])
        return value, ""
    try:
        number = float(raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw)
    except ValueError:
        return "", w["not_number"]
    if not math.isfinite(number):
        return "", w["not_number"]
    if limits.get("integer") and number != int(number):
        return "", w["whole_number"]
    low, high = limits.get("min"), limits.get("max")
    if low is not None and number < float(low):
        return "", w["number_min"].format(min=low)
    if high is not None and number > float(high):
        return "", w["number_max"].format(max=high)
    return _shown(number), ""


def input_attributes(kind: str, limits: dict[str, Any]) -> dict[str, str]:
    """The HTML input's type and its min, max and step, so a phone shows the right keyboard."""
    if kind == "date":
        shape = "datetime-local" if limits.get("time") else "date"
        found = {"type": shape}
        for key, clock in (("min", "T00:00"), ("max", "T23:59")):
            if limits.get(key):
                found[key] = str(limits[key]) + (clock if shape == "datetime-local" else "")
        return found
    found = {"type": "number", "step": "1" if limits.get("integer") else "any"}
    for key in ("min", "max"):
        if limits.get(key) is not None:
            found[key] = str(limits[key])
    return found
