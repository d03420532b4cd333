"""PII redaction for comments: e-mail addresses, phone numbers, card numbers and account numbers
(IBAN, sort code and account, long digit runs) are replaced by a bracketed word (docs/text.md).

Pure (no Django). Names are left: a non-employee's name is not personal data we can find reliably,
and an employee's name is what a mention is made of.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# IBAN: two letters, two check digits, then 11 to 30 letters or digits, optionally in groups of 4.
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
# A UK sort code with an account number after it ("20-00-00 55779911"), or a sort code alone.
SORT_CODE = re.compile(r"\b\d{2}-\d{2}-\d{2}\b(?:[ ,/]+\d{6,10}\b)?")
# Any run of digits with spaces, dots, dashes or brackets between them, optionally starting "+".
DIGITS = re.compile(r"(?<![\w@])(?:\+\s?)?\(?\d[\d().\s-]{5,}\d(?![\w@])")
DATE = re.compile(r"^\d{1,4}([./-])\d{1,2}\1\d{1,4}$")


def luhn(digits: str) -> bool:
    """The card-number checksum: catches the mistyped or invented numbers a card is not."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_valid(text: str) -> bool:
    """ISO 13616 mod-97 check, so that a product code of the same shape is left alone."""
    s = text.replace(" ", "")
    s = s[4:] + s[:4]
    number = "".join(str(int(c, 36)) for c in s)
    return 15 <= len(text.replace(" ", "")) <= 34 and int(number) % 97 == 1


def _digits(match: re.Match[str]) -> str:
    raw = match.group(0)
    stripped = raw.strip()
    digits = re.sub(r"\D", "", stripped)
    if DATE.match(stripped) or len(digits) < 7:
        return raw  # dates, times, prices and short counts stay
    if 13 <= len(digits) <= 19 and luhn(digits):
        return "[card]"
    phone_like = stripped.startswith(("+", "0", "(")) or 9 <= len(digits) <= 12
    if phone_like and len(digits) <= 15:
        return "[phone]"
    return "[account]"


def redact(text: str) -> str:
    """The text with every e-mail, phone, card and account number replaced by ``[email]``,
    ``[phone]``, ``[card]`` or ``[account]``; the rest unchanged."""
    if not text:
        return ""
    out = EMAIL.sub("[email]", text)
    out = IBAN.sub(lambda m: "[account]" if iban_valid(m.group(0)) else m.group(0), out)
    out = SORT_CODE.sub("[account]", out)
    return DIGITS.sub(_digits, out)
