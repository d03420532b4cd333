"""The answer kinds of the response contract and their scales.

An answer is ``{item, kind, value}``. This module knows, for each kind, whether it needs an item,
what values it accepts and how it is stored (a number or a text), and how ratings on one survey's
scale are rescaled to the workspace's scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from servicegap.lib.errors import FieldError

SCALES = (5, 7, 10)  # every rating scale starts at 1
SCALE_CHOICES = [(s, f"1-{s}") for s in SCALES]
DEFAULT_SCALE = 7

PERSPECTIVES = ("customer", "employee", "leader", "internal")
# Perspectives whose results obey the anonymity threshold.
PROTECTED_PERSPECTIVES = frozenset({"employee", "leader", "internal"})
# The kind of person an unknown respondent code creates, per perspective.
PERSON_KIND_OF_PERSPECTIVE = {
    "customer": "customer",
    "employee": "employee",
    "leader": "leader",
    "internal": "employee",
}

DIMENSIONS = ("people", "process", "product")
SERVQUAL = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
MOMENTS = ("magic", "mediocrity", "misery")
KANO_ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")

# A customer's experience of a competitor (docs/quality.md): item = a standard, the competitor
# named per answer (``CleanAnswer.competitor``); no other kind takes a competitor.
COMPETITOR_KIND = "competitor_experience"
# Employee voice (docs/engagement.md): ``engagement`` (item = an engagement statement) and
# ``enablement`` (item = a standard: "I am able to deliver this standard") are agreement on the
# survey's scale; ``enps`` is the employee Net Promoter question on 0..10.
SCALED_KINDS = frozenset(
    {"expectation", "experience", "adequate", "desired", "overall", "rating"}
    | {"engagement", "enablement"}
    | {COMPETITOR_KIND}
)
# Kinds that belong to the whole response: their item is empty.
RESPONSE_KINDS = frozenset({"overall", "nps", "csat", "ces", "moment", "enps"})
FIXED_RANGES = {
    "importance": (0, 100),
    "nps": (0, 10),
    "enps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
}
CATEGORICAL = {
    "moment": MOMENTS,
    "kano_functional": KANO_ANSWERS,
    "kano_dysfunctional": KANO_ANSWERS,
}
TEXT_KINDS = frozenset({"text", "choice"})
# Free answers of imported surveys: any finite number (a question's own limits are checked where
# it is answered), and a date (ISO 8601, stored as text: "2026-03-01" or "2026-03-01T09:30").
FREE_KINDS = frozenset({"number", "date"})
KINDS = tuple(
    sorted(
        SCALED_KINDS
        | RESPONSE_KINDS
        | set(FIXED_RANGES)
        | set(CATEGORICAL)
        | TEXT_KINDS
        | FREE_KINDS
    )
)
MAX_TEXT = 10_000


class AnswerError(FieldError):
    """An answer breaks the contract; ``field`` names the part that is wrong."""


@dataclass(frozen=True)
class CleanAnswer:
    item: str
    kind: str
    value_num: float | None
    value_text: str
    competitor: str = ""  # a competitor code: competitor_experience answers only


def clean_answer(item: str | None, kind: str, value: object, scale_max: int) -> CleanAnswer:
    """Validate one answer against the contract and return it in stored form."""
    if item is not None and not isinstance(item, str):
        raise AnswerError("item", f"an item is a code (text), not {item!r}")
    item = (item or "").strip()
    if kind not in KINDS:
        raise AnswerError(
            "kind", f"unknown answer kind {kind!r}; expected one of {', '.join(KINDS)}"
        )
    if kind in RESPONSE_KINDS and item:
        raise AnswerError(
            "item", f"a {kind} answer belongs to the whole response and takes no item"
        )
    if kind not in RESPONSE_KINDS and kind != "text" and not item:
        raise AnswerError("item", f"a {kind} answer needs an item (a standard or question code)")
    if kind == "importance" and item not in DIMENSIONS + SERVQUAL:
        raise AnswerError("item", f"importance is given to a dimension, not {item!r}")

    if kind in CATEGORICAL:
        allowed = CATEGORICAL[kind]
        text = str(value).strip().lower() if value is not None else ""
        if text not in allowed:
            raise AnswerError("value", f"{kind} must be one of {', '.join(allowed)}, not {value!r}")
        return CleanAnswer(item, kind, None, text)
    if kind in TEXT_KINDS:
        if not isinstance(value, str) or not value.strip():
            raise AnswerError("value", f"a {kind} answer needs a non-empty text value")
        if len(value) > MAX_TEXT:
            raise AnswerError("value", f"text is longer than {MAX_TEXT} characters")
        return CleanAnswer(item, kind, None, value.strip() if kind == "choice" else value)

    if kind == "number":
        return CleanAnswer(item, kind, _number(value), "")
    if kind == "date":
        return CleanAnswer(item, kind, None, iso_date(value))

    low, high = FIXED_RANGES.get(kind, (1, scale_max))
    number = _number(value)
    if number < low or number > high:
        raise AnswerError("value", f"{kind} must be between {low} and {high}, not {value!r}")
    if kind != "importance" and number != int(number):
        raise AnswerError("value", f"{kind} must be a whole number, not {value!r}")
    return CleanAnswer(item, kind, float(number), "")


def iso_date(value: object) -> str:
    """A date answer in stored form: ``YYYY-MM-DD``, with ``THH:MM`` when it has a time of day
    (LimeSurvey writes "2026-03-01 00:00:00" for a date without one)."""
    text = value.strip() if isinstance(value, str) else ""
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise AnswerError(
            "value", f"a date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM) was expected, not {value!r}"
        ) from None
    if moment.tzinfo is not None or (moment.hour, moment.minute, moment.second) != (0, 0, 0):
        return moment.replace(second=0, microsecond=0, tzinfo=None).isoformat(timespec="minutes")
    return moment.date().isoformat()


def _number(value: object) -> float:
    if isinstance(value, bool):
        raise AnswerError("value", "a number was expected, not true/false")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise AnswerError("value", f"a number was expected, not {value!r}") from None
    if not math.isfinite(number):
        raise AnswerError("value", "a finite number was expected")
    return number


def rescale(value: float, from_max: int, to_max: int) -> float:
    """Map a rating on 1..from_max linearly onto 1..to_max (1 stays 1, the top stays the top)."""
    if from_max == to_max:
        return value
    return 1 + (value - 1) * (to_max - 1) / (from_max - 1)
