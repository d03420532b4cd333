"""Which standards and touchpoint a comment is about: cosine similarity between the comment's
vector and each standard's title and behaviours (each touchpoint's name), kept above a floor
(docs/text.md). Pure (no Django)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Below these a match is noise: chosen on the written training comments, one per backend
# (MiniLM's cosines run higher than word overlap's).
FLOOR = {"minilm": 0.32, "lexicon": 0.12}
MOST = 3  # standards per comment, best first


class Matcher:
    def __init__(self, items: Sequence[tuple[str, str]], vectors: np.ndarray, backend: str):
        self.codes = [code for code, _ in items]
        self.vectors = vectors
        self.floor = FLOOR[backend]

    def ranked(self, vectors: np.ndarray, most: int = MOST) -> list[list[str]]:
        if not self.codes:
            return [[] for _ in range(vectors.shape[0])]
        sims = vectors @ self.vectors.T
        out = []
        for row in sims:
            order = np.argsort(-row)[:most]
            out.append([self.codes[j] for j in order if row[j] >= self.floor])
        return out

    def best(self, vectors: np.ndarray) -> list[str | None]:
        return [r[0] if r else None for r in self.ranked(vectors, most=1)]
