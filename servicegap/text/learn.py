"""A small classifier head: multinomial logistic regression in NumPy, fitted in well under a
second on a few hundred examples (docs/text.md). Pure (no Django).

Used for sentiment, kind and dimension over the engine's features (sentence vector, VADER scores,
cue words); refitted whenever the workspace's corrections change.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class Head:
    """Softmax regression with L2 weight decay and per-example weights (a correction counts more
    than a written training comment)."""

    def __init__(self, l2: float = 1e-3, steps: int = 300, rate: float = 0.5) -> None:
        self.l2, self.steps, self.rate = l2, steps, rate
        self.labels: list[str] = []
        self.w = np.zeros((0, 0), dtype=np.float32)
        self.mean = np.zeros(0, dtype=np.float32)
        self.scale = np.ones(0, dtype=np.float32)

    def fit(self, x: np.ndarray, y: Sequence[str], weight: Sequence[float] | None = None) -> Head:
        self.labels = sorted(set(y))
        index = {label: i for i, label in enumerate(self.labels)}
        n, k = x.shape[0], len(self.labels)
        self.mean = x.mean(axis=0)
        self.scale = x.std(axis=0) + 1e-3  # standardised, so one rate fits every feature
        z = np.hstack([(x - self.mean) / self.scale, np.ones((n, 1), dtype=np.float32)])
        target = np.zeros((n, k), dtype=np.float32)
        target[np.arange(n), [index[v] for v in y]] = 1.0
        sw = np.ones(n, dtype=np.float32) if weight is None else np.asarray(weight, np.float32)
        sw = sw / sw.sum()
        w = np.zeros((z.shape[1], k), dtype=np.float32)
        # Adam steps on the full batch: few examples, so a fixed number converges.
        m = np.zeros_like(w)
        v = np.zeros_like(w)
        for t in range(1, self.steps + 1):
            p = self._softmax(z @ w)
            grad = z.T @ ((p - target) * sw[:, None]) + self.l2 * w
            m = 0.9 * m + 0.1 * grad
            v = 0.999 * v + 0.001 * grad * grad
            w -= self.rate * 0.1 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        self.w = w
        return self

    @staticmethod
    def _softmax(a: np.ndarray) -> np.ndarray:
        a = a - a.max(axis=1, keepdims=True)
        e = np.exp(a)
        return e / e.sum(axis=1, keepdims=True)

    def proba(self, x: np.ndarray) -> np.ndarray:
        z = np.hstack([(x - self.mean) / self.scale, np.ones((x.shape[0], 1), dtype=np.float32)])
        return self._softmax(z @ self.w)

    def predict(self, x: np.ndarray) -> list[str]:
        if len(self.labels) == 1:
            return [self.labels[0]] * x.shape[0]
        return [self.labels[i] for i in self.proba(x).argmax(axis=1)]
