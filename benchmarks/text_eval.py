"""The text engine's evaluation and throughput, through the same code as `servicegap text classify`
(``servicegap.text.pipeline.Enricher`` with an empty context, as the CLI builds it).

Usage: python benchmarks/text_eval.py --source vaderSentiment-3.3.2.tar.gz [--backend minilm]
       [--limit N] [--throughput 2000]

- Sentiment on the four human-rated sets of Hutto & Gilbert (ICWSM 2014), read from the
  vaderSentiment source distribution (``additional_resources/hutto_ICWSM_2014.tar.gz``; get it with
  ``pip download --no-binary :all: --no-deps vaderSentiment==3.3.2``; never committed): tweets,
  movie-review snippets, product (Amazon) review snippets, New York Times opinion snippets. Gold
  label: the raters' mean > 0.5 positive, < −0.5 negative, else neutral. VADER is scored in the same
  run with its documented thresholds (compound ≥ 0.05 positive, ≤ −0.05 negative). None of these
  sets is used for training or tuning anything in the engine.
- Sentiment, kind and dimension accuracy on the labelled customer comments of
  ``tests/data/text/comments.csv`` (written and labelled for testing only; docs/text.md).
- Throughput: comments per second for the whole enrichment (every field), after start-up.

Prints Markdown tables (docs/text.md, docs/performance.md): macro-F1 and accuracy with n and 95 %
intervals (bootstrap for F1 and for the engine − VADER margin, Wilson for accuracy).
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import platform
import sys
import tarfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from servicegap.text.pipeline import Context, Enricher  # noqa: E402
from servicegap.text.sentiment import scores, vader_label  # noqa: E402

SETS = (
    ("Tweets", "tweets_GroundTruth.txt"),
    ("Movie reviews", "movieReviewSnippets_GroundTruth.txt"),
    ("Product reviews", "amazonReviewSnippets_GroundTruth.txt"),
    ("Opinion pieces (NYT)", "nytEditorialSnippets_GroundTruth.txt"),
)
CLASSES = ("negative", "neutral", "positive")
COMMENTS = Path(__file__).resolve().parents[1] / "tests" / "data" / "text" / "comments.csv"


def _inner_archive(source: Path) -> tarfile.TarFile:
    with tarfile.open(source) as outer:
        names = [m for m in outer.getmembers() if m.name.endswith("hutto_ICWSM_2014.tar.gz")]
        blob = outer.extractfile(names[0]) if names else None
        data = blob.read() if blob is not None else b""
    if not data:  # the inner archive itself was given
        return tarfile.open(source)
    return tarfile.open(fileobj=io.BytesIO(data))


def load_sets(source: Path) -> dict[str, tuple[list[str], list[str]]]:
    """{set name: (texts, gold labels)} from the sdist, the inner archive or its folder."""
    files: dict[str, str] = {}
    if source.is_dir():
        for path in source.rglob("*_GroundTruth.txt"):
            files[path.name] = path.read_bytes().decode("utf-8", errors="replace")
    else:
        with _inner_archive(source) as tar:
            for m in tar.getmembers():
                if m.name.endswith("_GroundTruth.txt") and (f := tar.extractfile(m)):
                    files[Path(m.name).name] = f.read().decode("utf-8", errors="replace")
    out = {}
    for name, filename in SETS:
        texts, gold = [], []
        for line in files[filename].splitlines():
            parts = line.split("\t")
            if len(parts) < 3 or not parts[2].strip():
                continue
            rating = float(parts[1])
            texts.append(parts[2].strip())
            gold.append("positive" if rating > 0.5 else "negative" if rating < -0.5 else "neutral")
        out[name] = (texts, gold)
    return out


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    f1s = []
    for c in range(len(CLASSES)):
        tp = np.sum((pred == c) & (gold == c))
        fp = np.sum((pred == c) & (gold != c))
        fn = np.sum((pred != c) & (gold == c))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s))


def wilson(hits: int, n: int) -> tuple[float, float]:
    p, z = hits / n, 1.96
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return mid - half, mid + half


def bootstrap(gold, ours, vader, rounds: int = 300, seed: int = 2026):
    """95 % intervals of our macro-F1, VADER's, and our margin, resampling the sentences."""
    rng = np.random.default_rng(seed)
    n = len(gold)
    a, b, d = [], [], []
    for _ in range(rounds):
        i = rng.integers(0, n, n)
        fa, fb = macro_f1(gold[i], ours[i]), macro_f1(gold[i], vader[i])
        a.append(fa), b.append(fb), d.append(fa - fb)
    q = lambda v: (np.percentile(v, 2.5), np.percentile(v, 97.5))  # noqa: E731
    return q(a), q(b), q(d)


def sentiment_table(engine: Enricher, sets: dict, limit: int | None) -> None:
    """Prints each set's row as soon as it is measured (a full run takes minutes on 2 cores)."""
    idx = {c: i for i, c in enumerate(CLASSES)}
    head = [
        "| Set | n | Engine macro-F1 (95 % CI) | VADER macro-F1 (95 % CI) | Margin, points (95 % CI) "
        "| Engine accuracy (95 % CI) | VADER accuracy |",
        "|---|---:|---|---|---|---|---:|",
    ]
    print("\n".join(head), flush=True)
    for name, (texts, gold_labels) in sets.items():
        texts, gold_labels = texts[:limit], gold_labels[:limit]
        started = time.perf_counter()
        ours_l = [r["sentiment"] for r in engine.enrich(texts)]
        took = time.perf_counter() - started
        vader_l = [vader_label(float(c)) for c in scores(texts)[:, 0]]
        gold = np.array([idx[g] for g in gold_labels])
        ours = np.array([idx[g] for g in ours_l])
        vader = np.array([idx[g] for g in vader_l])
        fo, fv = macro_f1(gold, ours), macro_f1(gold, vader)
        (ol, oh), (vl, vh), (dl, dh) = bootstrap(gold, ours, vader)
        n = len(gold)
        hits, vhits = int(np.sum(ours == gold)), int(np.sum(vader == gold))
        al, ah = wilson(hits, n)
        print(
            f"| {name} | {n:,} | {fo:.3f} ({ol:.3f}–{oh:.3f}) | {fv:.3f} ({vl:.3f}–{vh:.3f}) "
            f"| {100 * (fo - fv):+.1f} ({100 * dl:+.1f} to {100 * dh:+.1f}) "
            f"| {hits / n:.3f} ({al:.3f}–{ah:.3f}) | {vhits / n:.3f} |",
            flush=True,
        )
        print(f"  {name}: {n / took:.0f} sentences/s", file=sys.stderr)


def comments_table(engine: Enricher) -> list[str]:
    with COMMENTS.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    got = engine.enrich([r["text"] for r in rows])
    out = ["| Field | n | Accuracy (95 % CI) |", "|---|---:|---|"]
    for field in ("sentiment", "kind", "dimension"):
        hits = sum(g[field] == r[field] for g, r in zip(got, rows, strict=True))
        n = len(rows)
        lo, hi = wilson(hits, n)
        out.append(f"| {field} | {n} | {hits / n:.3f} ({lo:.3f}–{hi:.3f}) |")
    return out


def throughput(engine: Enricher, texts: list[str], n: int) -> str:
    """Wall-clock rate, and the rate the CPU time spent would give on 2 otherwise idle cores
    (the machine is shared: the wall clock also counts other people's work)."""
    sample = (texts * (n // max(1, len(texts)) + 1))[:n]
    engine.enrich(sample[:64])  # warm: first call pays lazy set-up
    started, cpu = time.perf_counter(), time.process_time()
    engine.enrich(sample)
    took, used = time.perf_counter() - started, time.process_time() - cpu
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{n / took:,.0f} comments/s wall clock for the whole enrichment ({n:,} comments, "
        f"backend {engine.backend}, {os.cpu_count()} CPUs, load average {load:.1f}); "
        f"{used / n * 1000:.1f} ms of CPU per comment, i.e. {2 * n / used:,.0f} comments/s "
        f"on 2 idle cores ({platform.machine()})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True,
                        help="vaderSentiment-3.3.2.tar.gz, or hutto_ICWSM_2014.tar.gz, or its folder")  # fmt: skip
    parser.add_argument("--backend", choices=("minilm", "lexicon"), default=None)
    parser.add_argument("--limit", type=int, default=None, help="sentences per set (quick runs)")
    parser.add_argument("--throughput", type=int, default=2000, help="comments to time")
    args = parser.parse_args()
    started = time.perf_counter()
    engine = Enricher(Context(), backend=args.backend)
    print(f"Start-up (model and classifier head): {time.perf_counter() - started:.1f} s, "
          f"backend {engine.backend}\n")  # fmt: skip
    sets = load_sets(args.source)
    sentiment_table(engine, sets, args.limit)
    print("\nLabelled customer comments (tests/data/text/comments.csv):\n")
    print("\n".join(comments_table(engine)))
    with COMMENTS.open(newline="", encoding="utf-8") as fh:
        texts = [r["text"] for r in csv.DictReader(fh)]
    print("\nThroughput: " + throughput(engine, texts, args.throughput))


if __name__ == "__main__":
    main()
