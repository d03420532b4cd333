"""Employee mentions: roster names found in a comment, fuzzily ("Jon" for "John", a typo, a first
name alone when only one employee has it) with rapidfuzz (docs/text.md). Pure (no Django)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz

TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ'’-]+")
FULL = 88  # full name: a typo or two in "Priya Shah" still counts
FIRST = 85  # a first name alone: capitalised, at most one letter off ("Jon" for "John")


class Mentions:
    def __init__(self, roster: Sequence[tuple[str, str]]) -> None:
        self.people = [(code, name.split()) for code, name in roster if name.strip()]
        firsts = Counter(parts[0].lower() for _, parts in self.people)
        # A first name shared by two employees names neither of them.
        self.unique_first = {c: p[0] for c, p in self.people if firsts[p[0].lower()] == 1}

    def find(self, text: str) -> list[str]:
        if not self.people:
            return []
        tokens = TOKEN.findall(text)
        lowered = [t.lower() for t in tokens]
        found: list[str] = []
        for code, parts in self.people:
            size = len(parts)
            name = " ".join(parts).lower()
            hit = size > 1 and any(
                fuzz.ratio(" ".join(lowered[i : i + size]), name) >= FULL
                for i in range(len(tokens) - size + 1)
            )
            first = self.unique_first.get(code)
            if not hit and first and len(first) >= 3:
                hit = any(
                    t[:1].isupper() and fuzz.ratio(t.lower(), first.lower()) >= FIRST
                    for t in tokens
                )
            if hit:
                found.append(code)
        return found
