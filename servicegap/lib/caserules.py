"""Which live input opens a case, and when an open case is past due and escalates (pure: no
Django). ``servicegap/cases/rules.py`` applies these to the rows just stored; docs/cases.md.

The triggers, each a workspace rule that may be switched off or given another severity:

* ``complaint``: every complaint (feedback of kind complaint);
* ``detractor``: a recommend (``nps``) answer of 0 to 6;
* ``misery``: a ``moment`` answer of ``misery``;
* ``reply``: a comment (a ``text`` answer) from a customer who left a contact with consent, i.e.
  asked for a reply.

A response matching several rules opens one case, under the enabled rule of highest severity.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

COMPLAINT = "complaint"
DETRACTOR = "detractor"
MISERY = "misery"
REPLY = "reply"
TRIGGERS = (COMPLAINT, DETRACTOR, MISERY, REPLY)

SEVERITIES = ("high", "normal", "low")  # most urgent first
DETRACTOR_MAX = 6  # a recommend answer of 0 to 6 is a detractor's (NPS)
WINDOW = timedelta(days=14)  # older input opens no case: the moment to save the customer is gone


@dataclass(frozen=True)
class Rule:
    trigger: str
    enabled: bool
    severity: str


DEFAULTS: dict[str, Rule] = {
    COMPLAINT: Rule(COMPLAINT, True, "normal"),
    DETRACTOR: Rule(DETRACTOR, True, "normal"),
    MISERY: Rule(MISERY, True, "high"),
    REPLY: Rule(REPLY, True, "normal"),
}


def response_triggers(
    answers: Iterable[tuple[str, float | None, str]], asked_reply: bool
) -> list[str]:
    """The triggers one customer response matches; ``answers`` are (kind, value_num,
    value_text) as stored."""
    found: list[str] = []
    for kind, number, text in answers:
        if kind == "nps" and number is not None and number <= DETRACTOR_MAX:
            found.append(DETRACTOR)
        elif kind == "moment" and text == "misery":
            found.append(MISERY)
        elif kind == "text" and asked_reply and text.strip():
            found.append(REPLY)
    return list(dict.fromkeys(found))


def choose(triggers: Sequence[str], rules: dict[str, Rule]) -> Rule | None:
    """The enabled rule of highest severity among ``triggers`` (the first on a tie); None when
    every matching rule is off."""
    enabled = [rules[t] for t in triggers if rules[t].enabled]
    if not enabled:
        return None
    return min(enabled, key=lambda r: SEVERITIES.index(r.severity))


def recent(submitted_at: datetime, now: datetime) -> bool:
    """Is input submitted at ``submitted_at`` new enough to open a case?"""
    return submitted_at >= now - WINDOW


def breached(due_at: datetime | None, closed_at: datetime | None, now: datetime) -> bool:
    """Past its due time: still open after it, or closed after it."""
    if due_at is None:
        return False
    return (closed_at or now) > due_at


def escalation_level(due_at: datetime | None, sla: timedelta, now: datetime) -> int:
    """How far an open case should have escalated by ``now``: 0 before its due time; 1 (the
    unit's manager) once it is past; 2 (the parent unit's manager) one more SLA period later."""
    if due_at is None or now <= due_at:
        return 0
    return 1 if now <= due_at + sla else 2
