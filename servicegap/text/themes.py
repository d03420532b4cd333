"""Themes: comments grouped by meaning (spherical k-means over their vectors), each group named
by its most distinctive words, or by a theme the workspace already knows when the group is about
it, so that a new name means a new theme (docs/text.md). Pure (no Django)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from servicegap.text.embed import terms

KNOWN = {"minilm": 0.55, "lexicon": 0.3}  # a group this close to a known label takes it
SMALL = 8  # fewer comments than this are not grouped, only matched to known themes
GENERIC = frozenset(
    ["service", "staff", "time", "customer", "thing", "experience", "place", "people", "day"]
)


def _kmeans(vectors: np.ndarray, k: int, rounds: int = 12) -> np.ndarray:
    # Farthest-point start: deterministic, so the same comments give the same themes.
    centres = [0]
    dist = 1 - vectors @ vectors[0]
    for _ in range(1, k):
        nxt = int(np.argmax(dist))
        centres.append(nxt)
        dist = np.minimum(dist, 1 - vectors @ vectors[nxt])
    c = vectors[centres].copy()
    assign = np.zeros(len(vectors), dtype=int)
    for _ in range(rounds):
        assign = np.argmax(vectors @ c.T, axis=1)
        for j in range(k):
            members = vectors[assign == j]
            if len(members):
                m = members.sum(axis=0)
                c[j] = m / (np.linalg.norm(m) or 1.0)
    return assign


def _name(
    members: list[list[str]], overall: Counter[str], n: int, surface: dict[str, Counter[str]]
) -> str:
    inside: Counter[str] = Counter()
    for ws in members:
        inside.update(set(ws))
    size = len(members)
    scored = [
        (inside[w] / size - overall[w] / n, w)
        for w in inside
        if inside[w] >= max(2, size // 5) and w not in GENERIC
    ]
    top = [w for _, w in sorted(scored, key=lambda s: (-s[0], s[1]))[:2]]
    # Each stem shown as the word people wrote most often ("parking", not "park").
    return " / ".join(surface[w].most_common(1)[0][0] for w in top)


def assign(
    vectors: np.ndarray,
    texts: Sequence[str],
    known: Sequence[str],
    encode: Callable[[Sequence[str]], np.ndarray],
    backend: str,
) -> list[list[str]]:
    """One list of theme labels per comment (at most one label each)."""
    n = len(texts)
    known_vectors = encode(list(known)) if known else None
    floor = KNOWN[backend]

    def known_label(v: np.ndarray) -> str | None:
        if known_vectors is None:
            return None
        sims = known_vectors @ v
        j = int(np.argmax(sims))
        return known[j] if sims[j] >= floor else None

    if n < SMALL:
        return [[label] if (label := known_label(v)) else [] for v in vectors]
    k = int(min(12, max(2, round((n / 2) ** 0.5))))
    groups = _kmeans(vectors, k)
    pairs = [terms(t) for t in texts]
    tokens = [[stem for stem, _ in p] for p in pairs]
    surface: dict[str, Counter[str]] = {}
    for p in pairs:
        for stem, word in p:
            surface.setdefault(stem, Counter())[word] += 1
    overall: Counter[str] = Counter()
    for ws in tokens:
        overall.update(set(ws))
    labels: dict[int, str] = {}
    for j in range(k):
        idx = np.flatnonzero(groups == j)
        if len(idx) == 0:
            continue
        centre = vectors[idx].sum(axis=0)
        centre = centre / (np.linalg.norm(centre) or 1.0)
        labels[j] = known_label(centre) or (
            _name([tokens[i] for i in idx], overall, n, surface) if len(idx) >= 2 else ""
        )
    return [[labels[g]] if labels.get(g) else [] for g in groups]
