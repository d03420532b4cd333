"""What a recognition wall may show of a compliment and of the employee it names. Pure: no
Django import.

The wall hangs in a branch where customers read it: an employee appears by first name only, and
anything in a compliment that looks like an e-mail address or a phone number is masked, since a
customer may have signed with theirs (docs/recognition.md).
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits, possibly split by spaces, dots, dashes or brackets, optionally after "+".
PHONE = re.compile(r"\+?\d(?:[\s().-]*\d){6,}")
MASK = "…"


def first_name(name: str) -> str:
    """The first word of a person's name; empty when there is no name."""
    words = name.split()
    return words[0] if words else ""


def masked(text: str) -> str:
    """``text`` with e-mail addresses and phone numbers replaced by an ellipsis."""
    return PHONE.sub(MASK, EMAIL.sub(MASK, text))
