"""The text engine: one call labels a batch of comments (docs/text.md). Pure (no Django): the
worker (``servicegap.text.service``), ``servicegap text classify`` and ``benchmarks/text_eval.py``
all run this same code.

THE CONTRACT
------------
``Context``: what the workspace knows (standards, touchpoints, employees, known themes, the
corrections people made). ``Enricher(context).enrich(texts, progress)`` returns one dict per text,
in order, with exactly these keys:

- ``sentiment``: ``negative | neutral | positive``; ``score``: −1…1 (P(positive) − P(negative));
- ``kind``: ``compliment | complaint | suggestion | question``;
- ``dimension``: ``people | process | product``;
- ``standards``: standard codes, best first, only those above a similarity floor;
- ``touchpoint``: the best touchpoint code above the floor, or None;
- ``mentions``: employee person codes named in the text (fuzzy);
- ``themes``: theme labels (a known one when the comment's group is about it);
- ``redacted``: the text with e-mails, phones, card and account numbers replaced. No other field
  carries text from the comment.

``Enricher.backend`` says which embeddings run: ``minilm`` (the ``text`` extra) or ``lexicon``.
``redact(text)`` and ``holdout_accuracy(corrections)`` are exported here too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from servicegap.text import classify, sentiment, themes
from servicegap.text.embed import embedder
from servicegap.text.learn import Head
from servicegap.text.match import Matcher
from servicegap.text.mentions import Mentions
from servicegap.text.redact import redact

__all__ = ["FIELDS", "Context", "Enricher", "holdout_accuracy", "redact"]

FIELDS = ("sentiment", "kind", "dimension")
CHUNK = 256  # texts per embedding call and per progress report
CORRECTION_WEIGHT = 4.0  # a person's correction outweighs a written training comment
# A comment this close to a corrected one takes the correction's label outright.
NEAREST = {"minilm": 0.85, "lexicon": 0.6}


@dataclass(frozen=True)
class Context:
    """What the workspace knows; every field is optional."""

    standards: Sequence[tuple[str, str]] = ()  # (code, title + " " + behaviours)
    touchpoints: Sequence[tuple[str, str]] = ()  # (code, name + description)
    roster: Sequence[tuple[str, str]] = ()  # (person code, display name) of employees
    themes: Sequence[str] = ()  # theme labels already known to the workspace
    corrections: Sequence[tuple[str, str, str]] = ()  # (text, field, label)


def _features(backend: str, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    lexical = np.hstack([sentiment.scores(texts), classify.cues(texts)])
    if backend == "minilm":
        return np.hstack([vectors, lexical])
    # Hashed words are too many columns for a few hundred examples: the lexicon head weighs
    # VADER and the cue words only; corrections still act through their nearest neighbours.
    return lexical


@lru_cache(maxsize=2)
def _seed(backend: str) -> tuple[np.ndarray, np.ndarray, tuple[tuple[str, str, str], ...]]:
    """The written training comments' vectors, features and labels, once per process."""
    from servicegap.text.seed import TRAIN

    texts = [t for t, *_ in TRAIN]
    vectors = embedder(backend).encode(texts)
    return vectors, _features(backend, vectors, texts), tuple((s, k, d) for _, s, k, d in TRAIN)


def _valid(field: str, label: str) -> bool:
    return label in {"sentiment": classify.SENTIMENTS, "kind": classify.KINDS,
                     "dimension": classify.DIMENSIONS}.get(field, ())  # fmt: skip


def _fit(backend: str, corrections: Sequence[tuple[str, str, str]]) -> dict[str, Head]:
    _, seed_x, seed_y = _seed(backend)
    heads = {}
    for f, field in enumerate(FIELDS):
        mine = [(t, lab) for t, fld, lab in corrections if fld == field and _valid(field, lab)]
        x, y, w = seed_x, [row[f] for row in seed_y], [1.0] * len(seed_y)
        if mine:
            texts = [t for t, _ in mine]
            x = np.vstack([x, _features(backend, embedder(backend).encode(texts), texts)])
            y = y + [lab for _, lab in mine]
            w = w + [CORRECTION_WEIGHT] * len(mine)
        heads[field] = Head().fit(x, y, w)
    return heads


class Enricher:
    """Labels comments for one workspace; build one per context and reuse it (the model and the
    fitted heads are kept)."""

    def __init__(self, context: Context, backend: str | None = None) -> None:
        self.context = context
        self.embed = embedder(backend)
        self.backend: str = self.embed.backend
        self.heads = _fit(self.backend, context.corrections)
        enc = self.embed.encode
        self.standards = Matcher(context.standards, enc([t for _, t in context.standards]),
                                 self.backend)  # fmt: skip
        self.touchpoints = Matcher(context.touchpoints, enc([t for _, t in context.touchpoints]),
                                   self.backend)  # fmt: skip
        self.mentions = Mentions(context.roster)
        self.fixed: dict[str, tuple[np.ndarray, list[str]]] = {}
        for field in FIELDS:
            mine = [(t, lab) for t, fld, lab in context.corrections
                    if fld == field and _valid(field, lab)]  # fmt: skip
            if mine:
                self.fixed[field] = (enc([t for t, _ in mine]), [lab for _, lab in mine])

    def _corrected(self, field: str, vectors: np.ndarray, labels: list[str]) -> list[str]:
        if field not in self.fixed:
            return labels
        fixed_vectors, fixed_labels = self.fixed[field]
        sims = vectors @ fixed_vectors.T
        out = []
        for row, label in zip(sims, labels, strict=True):
            # The latest of the nearest corrections wins: argmax over reversed order.
            j = len(row) - 1 - int(np.argmax(row[::-1]))
            out.append(fixed_labels[j] if row[j] >= NEAREST[self.backend] else label)
        return out

    def _score(self, x: np.ndarray) -> np.ndarray:
        """−1…1: VADER's compound for the lexicon, else P(positive) − P(negative)."""
        if self.backend == "lexicon":
            return x[:, 0]
        proba = self.heads["sentiment"].proba(x)
        names = self.heads["sentiment"].labels
        pos = proba[:, names.index("positive")] if "positive" in names else 0 * proba[:, 0]
        neg = proba[:, names.index("negative")] if "negative" in names else 0 * proba[:, 0]
        return pos - neg

    def enrich(
        self, texts: Sequence[str], progress: Callable[[int, int], None] | None = None
    ) -> list[dict]:
        texts = [t or "" for t in texts]
        total = len(texts)
        parts = []
        for start in range(0, total, CHUNK):
            parts.append(self.embed.encode(texts[start : start + CHUNK]))
            if progress is not None:
                progress(min(start + CHUNK, total), total)
        vectors = np.vstack(parts) if parts else np.zeros((0, self.embed.dim), np.float32)
        if not total:
            return []
        x = _features(self.backend, vectors, texts)
        predicted = {f: self.heads[f].predict(x) for f in FIELDS}
        score = self._score(x)
        if self.backend == "lexicon":
            # Without sentence vectors a head over VADER's four numbers fitted on a few hundred
            # comments does worse than VADER's own thresholds (docs/text.md): keep VADER's.
            predicted["sentiment"] = [sentiment.vader_label(float(c)) for c in x[:, 0]]
        labels = {f: self._corrected(f, vectors, predicted[f]) for f in FIELDS}
        redacted = [redact(t) for t in texts]
        groups = themes.assign(vectors, redacted, list(self.context.themes), self.embed.encode,
                               self.backend)  # fmt: skip
        standards = self.standards.ranked(vectors)
        touchpoints = self.touchpoints.best(vectors)
        return [
            {
                "sentiment": labels["sentiment"][i],
                "score": round(float(score[i]), 3),
                "kind": labels["kind"][i],
                "dimension": labels["dimension"][i],
                "standards": standards[i],
                "touchpoint": touchpoints[i],
                "mentions": self.mentions.find(texts[i]),
                "themes": groups[i],
                "redacted": redacted[i],
            }
            for i in range(total)
        ]


def _wilson(hits: int, n: int) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    p, z = hits / n, 1.96
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (round(max(0.0, mid - half), 3), round(min(1.0, mid + half), 3))


def holdout_accuracy(
    corrections: Sequence[tuple[str, str, str]], backend: str | None = None, folds: int = 5
) -> dict:
    """Per field, how often the engine fitted WITHOUT a correction gives that correction's label
    (k-fold over the corrections): {field: {"accuracy", "n", "low", "high"}} (95 % Wilson)."""
    backend = embedder(backend).backend
    out: dict[str, dict] = {}
    for field in FIELDS:
        mine = [c for c in corrections if c[1] == field and _valid(field, c[2])]
        if not mine:
            continue
        hits = 0
        for fold in range(min(folds, len(mine))):
            held = mine[fold::folds]
            kept = [c for c in corrections if c not in held]
            engine = Enricher(Context(corrections=kept), backend)
            got = engine.enrich([t for t, _, _ in held])
            hits += sum(g[field] == lab for g, (_, _, lab) in zip(got, held, strict=True))
        low, high = _wilson(hits, len(mine))
        out[field] = {"accuracy": round(hits / len(mine), 3), "n": len(mine), "low": low,
                      "high": high}  # fmt: skip
    return out
