"""False-alarm rates and detection delays of the alerts' control charts, by simulation.

Usage: python benchmarks/spc_false_alarms.py [--series 2000] [--periods 24] [--seed 2026]

Pure computation (no Django, no database): in-control data drawn as the alerts report sees it,
charted by ``servicegap.lib.spc`` exactly as ``servicegap/gaps/kinds/alerts.py`` calls it (six
baseline periods, λ = 0.2, L = 3), with a fixed seed. Prints Markdown tables for
``docs/monitoring.md``: alarms per in-control period (in the baseline, after it, overall), and
the periods from a sustained shift to its first alarm.

- EWMA: answers on a 1..7 scale (a normal mean 4.6, sd 1.3, rounded and clipped), a Poisson
  number of answers per period, σ pooled from the answers within periods (``sigma=`` given, as
  for standards and units) or estimated from the baseline means (no ``sigma``).
- p-chart: a Binomial(n, p) count per period with a Poisson n, p̄ estimated from the baseline.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from servicegap.lib.spc import ewma_chart, p_chart  # noqa: E402


def _likert(rng: np.random.Generator, size: int, shift: float = 0.0) -> np.ndarray:
    return np.clip(np.rint(rng.normal(4.6 + shift, 1.3, size)), 1, 7)


def _pooled(groups: list[np.ndarray]) -> float | None:
    ss = sum(float(((g - g.mean()) ** 2).sum()) for g in groups if len(g) > 1)
    df = sum(len(g) - 1 for g in groups if len(g) > 1)
    return math.sqrt(ss / df) if df and ss > 0 else None


def ewma_series(rng, periods: int, n: float, pooled: bool, shift_at=None, shift=0.0):
    labels = [f"p{i:03d}" for i in range(periods)]
    groups = []
    for i in range(periods):
        size = max(int(rng.poisson(n)), 2)
        groups.append(_likert(rng, size, shift if shift_at is not None and i >= shift_at else 0))
    means = [float(g.mean()) for g in groups]
    ns = [len(g) for g in groups]
    return ewma_chart(labels, means, ns, sigma=_pooled(groups) if pooled else None)


def p_series(rng, periods: int, n: float, p: float, shift_at=None, shift=0.0):
    labels = [f"p{i:03d}" for i in range(periods)]
    ns = [int(rng.poisson(n)) for _ in range(periods)]
    ps = [p + (shift if shift_at is not None and i >= shift_at else 0.0) for i in range(periods)]
    counts = [int(rng.binomial(k, q)) for k, q in zip(ns, ps, strict=True)]
    return p_chart(labels, counts, ns)


def rates(charts: list, baseline: int = 6) -> tuple[float, float, float]:
    """Alarms per period: in the baseline, after it, overall (in %)."""
    inside = sum(p.out_of_control for c in charts for p in c[:baseline])
    after = sum(p.out_of_control for c in charts for p in c[baseline:])
    n_in = sum(len(c[:baseline]) for c in charts)
    n_after = sum(len(c[baseline:]) for c in charts)
    return 100 * inside / n_in, 100 * after / n_after, 100 * (inside + after) / (n_in + n_after)


def delay(charts: list, start: int) -> tuple[str, float]:
    """Median periods from the shift to its first alarm (counting the shifted period as 1), as
    text ("> k" when fewer than half alarm within the k periods left), and the share found."""
    found = []
    for c in charts:
        hits = [i for i, p in enumerate(c) if p.out_of_control and i >= start]
        found.append(hits[0] - start + 1 if hits else math.inf)
    median = float(np.median(found))
    text = f"{median:g}" if math.isfinite(median) else f"> {len(charts[0]) - start}"
    return text, 100 * sum(math.isfinite(f) for f in found) / len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=2000)
    parser.add_argument("--periods", type=int, default=24)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    s, t = args.series, args.periods
    print(f"{s} in-control series of {t} periods per row, seed {args.seed}.\n")
    print("| chart | answers per period | p | alarms % in baseline | after | overall |")
    print("|---|---|---|---|---|---|")
    for pooled, label in ((True, "EWMA, σ pooled"), (False, "EWMA, σ from baseline")):
        for n in (10, 30, 100):
            got = rates([ewma_series(rng, t, n, pooled) for _ in range(s)])
            print(f"| {label} | {n} | – | {got[0]:.2f} | {got[1]:.2f} | {got[2]:.2f} |")
    for p in (0.05, 0.1, 0.2, 0.3):
        for n in (20, 50, 100, 300):
            got = rates([p_series(rng, t, n, p) for _ in range(s)])
            print(f"| p-chart | {n} | {p} | {got[0]:.2f} | {got[1]:.2f} | {got[2]:.2f} |")
    start = 12
    print(f"\nSustained shift from period {start + 1}; median periods to the first alarm "
          f"(share of series alarmed by period {t}).\n")  # fmt: skip
    print("| chart | answers per period | shift | median delay | found % |")
    print("|---|---|---|---|---|")
    for n in (30, 100):
        se = 1.3 / math.sqrt(n)
        for k in (1.0, 1.5, 2.0, 3.0):
            charts = [ewma_series(rng, t, n, True, start, k * se) for _ in range(s // 4)]
            med, share = delay(charts, start)
            print(f"| EWMA, σ pooled | {n} | {k} SE ({k * se:.2f} points) | {med} | {share:.0f} |")
    for n, p, dp in ((50, 0.2, 0.1), (100, 0.2, 0.1), (100, 0.2, -0.1), (300, 0.1, 0.05)):
        charts = [p_series(rng, t, n, p, start, dp) for _ in range(s // 4)]
        med, share = delay(charts, start)
        print(f"| p-chart | {n} | {p} → {p + dp:.2f} | {med} | {share:.0f} |")


if __name__ == "__main__":
    main()
