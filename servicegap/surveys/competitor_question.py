"""The competitor question of a survey: its answer names the competitor of the response.

A survey of the competitor comparison template (``templates_catalogue.competitor_comparison``)
asks once which company the customer used instead of us, or most often besides us (the choice
question coded ``COMPETITOR``), then rates us and "that other company" on the same standards.
The respondent names the competitor once, so every competitor_experience answer of the response
carries that code (``Answer.competitor``). A respondent who names none (or picks "none") rated
no competitor: those answers are dropped rather than stored without a competitor. Pure: no
Django import, so the public page, the preview and the tests share one rule.
"""

from __future__ import annotations

from typing import Any

from servicegap.lib.scales import COMPETITOR_KIND
from servicegap.surveys.templates_catalogue import COMPETITOR_QUESTION, NO_COMPETITOR


def named(answers: list[dict[str, Any]]) -> str:
    """The competitor code the respondent picked, or "" (none picked, or "none")."""
    for a in answers:
        if a.get("item") == COMPETITOR_QUESTION and a.get("kind") == "choice":
            value = str(a.get("value") or "").strip()
            return "" if value == NO_COMPETITOR else value
    return ""


def name_competitor(answered: list[tuple[Any, list[dict[str, Any]]]]) -> list:
    """``answered``: (question, its answers) in question order, as the respondent page reads
    them. The same pairs with each competitor_experience answer given the named competitor,
    or left out when none was named; a question left with no answer is left out too."""
    flat = [a for _q, given in answered for a in given]
    code = named(flat)
    if not any(a.get("kind") == COMPETITOR_KIND for a in flat):
        return answered
    out = []
    for question, given in answered:
        kept = []
        for a in given:
            if a.get("kind") == COMPETITOR_KIND and not a.get("competitor"):
                if not code:
                    continue
                a = {**a, "competitor": code}
            kept.append(a)
        if kept or not given:
            out.append((question, kept))
    return out
