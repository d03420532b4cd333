"""Which questions of the respondent's form go on which page (no Django).

A survey of at most ``ONE_PAGE_MAX`` questions is one page; a longer one is cut into pages of
about ``PER_PAGE`` questions, sizes differing by at most one, so a phone shows a short page and
the progress ("Page 2 of 4") moves evenly. Two questions with the same code (the expectation
and the experience of one standard) stay on one page: the pair is answered side by side.
"""

from __future__ import annotations

import math

ONE_PAGE_MAX = 10
PER_PAGE = 6


def split(codes: list[str]) -> list[range]:
    """The pages, as index ranges into the questions, in order; always at least one page."""
    count = len(codes)
    if count <= ONE_PAGE_MAX:
        return [range(0, count)]
    pages = math.ceil(count / PER_PAGE)
    base, extra = divmod(count, pages)
    cuts = []
    at = 0
    for i in range(pages - 1):
        at += base + (1 if i < extra else 0)
        cuts.append(at)
    out, start = [], 0
    for cut in cuts:
        while start < cut < count and codes[cut - 1] == codes[cut]:
            cut += 1  # keep a pair together
        if start < cut < count:
            out.append(range(start, cut))
            start = cut
    out.append(range(start, count))
    return out


def page_of(pages: list[range], index: int) -> int:
    """The page that holds question ``index``."""
    for number, page in enumerate(pages):
        if index in page:
            return number
    return 0


def clamp(raw: str, count: int) -> int:
    """The posted page number, within 0..count-1 (a tampered one lands on the first page)."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 0
    return number if 0 <= number < count else 0
