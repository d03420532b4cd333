"""A text/plain mail body as lines of plain text and links, for the mailbox page (pure).

Nothing of the body is ever markup: the page prints each part escaped, and only ``http`` and
``https`` addresses become links (never ``javascript:``, ``data:`` or ``mailto:``), so a mail
cannot put script or a form on the page that shows it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# An http(s) address up to the next white space or angle bracket; trailing punctuation that
# ends a sentence ("see https://x/a.") is not part of it.
LINK = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
TRAILING = ".,;:!?)]}'"


class Part(NamedTuple):
    text: str
    link: bool


def parts(line: str) -> list[Part]:
    """One line split into text and links, in order."""
    out: list[Part] = []
    at = 0
    for match in LINK.finditer(line):
        url = match.group(0).rstrip(TRAILING)
        end = match.start() + len(url)
        if match.start() > at:
            out.append(Part(line[at : match.start()], False))
        out.append(Part(url, True))
        at = end
    if at < len(line):
        out.append(Part(line[at:], False))
    return out


def lines(body: str) -> list[list[Part]]:
    """The body's lines (any line ending), each as its parts; control characters other than the
    tab are dropped, so the page shows what a mail reader would."""
    clean = "".join(c for c in body if c in "\t\n" or c.isprintable() or c == "\r")
    return [parts(line) for line in clean.splitlines()]


def links(body: str) -> list[str]:
    """Every link of the body, in order (what a reader can follow)."""
    return [p.text for line in lines(body) for p in line if p.link]
