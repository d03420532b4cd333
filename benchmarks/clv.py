"""Lifetime value at scale: summarise, fit and score 100,000 customers × 1,000,000 transactions.

Usage: python benchmarks/clv.py [--customers 100000] [--transactions 1000000] [--seed 2026]

Pure computation (no Django, no database): the modules servicegap.loyalty.value calls, on
synthetic transactions drawn the way customers behave (a gamma-distributed purchase rate, a
dropout point, lognormal amounts, two years of days, fixed seed). Prints the time of the plain
summary (frequency/recency/T) next to the BG/NBD + Gamma-Gamma fit and the scoring (p_alive,
expected purchases, 12-month CLV at 10 %/year) in the same run, for docs/performance.md.
Target: fit and score under 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from servicegap.loyalty import bgnbd, gammagamma, rfm, value  # noqa: E402

DAYS = 730


def synthetic(customers: int, transactions: int, seed: int):
    """(customer, day, amount) arrays with about ``transactions`` rows."""
    rng = np.random.default_rng(seed)
    first = rng.integers(0, DAYS // 2, customers)
    life = np.minimum(rng.exponential(400, customers), DAYS - first)  # days until they drop out
    rate = rng.gamma(0.8, 1.0, customers)  # heterogeneous purchase rates
    weight = rate * np.maximum(life, 1)
    extra = rng.poisson(weight / weight.sum() * (transactions - customers))
    count = 1 + extra
    customer = np.repeat(np.arange(customers), count)
    start = np.repeat(first, count)
    span = np.repeat(life, count)
    day = start + (rng.random(len(customer)) * span).astype(np.int64)
    day[np.r_[0, np.cumsum(count)[:-1]]] = first  # each customer's first row is the first day
    own = rng.lognormal(3.5, 0.5, customers)
    amount = np.round(np.repeat(own, count) * rng.gamma(6.0, 1 / 6.0, len(customer)), 2)
    return customer, day, amount


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--transactions", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    customer, day, amount = synthetic(args.customers, args.transactions, args.seed)
    as_of = DAYS - 1

    t0 = time.perf_counter()
    s = rfm.summarise(customer, day, amount, as_of, "weeks")
    t_summary = time.perf_counter() - t0

    t0 = time.perf_counter()
    purchases = bgnbd.fit(s.frequency, s.recency, s.T)
    spend = gammagamma.fit(s.frequency, s.monetary)
    t_fit = time.perf_counter() - t0

    t0 = time.perf_counter()
    alive = bgnbd.p_alive(purchases, s.frequency, s.recency, s.T)
    _, _, clv = value.clv(purchases, spend, s, months=12, discount=0.10, unit_days=7)
    t_score = time.perf_counter() - t0

    print(f"customers {len(s):,}, transactions {len(customer):,}, "
          f"repeat buyers {rfm.repeat_rate(s):.1%}")  # fmt: skip
    print(f"BG/NBD r={purchases.r:.3f} alpha={purchases.alpha:.3f} a={purchases.a:.3f} "
          f"b={purchases.b:.3f}; Gamma-Gamma p={spend.p:.2f} q={spend.q:.2f} "
          f"gamma={spend.gamma:.2f}")  # fmt: skip
    print(f"mean p_alive {alive.mean():.3f}, total 12-month CLV {clv.sum():,.0f}")
    print("| step | seconds |\n|---|---|")
    print(f"| summary (frequency/recency/T) | {t_summary:.2f} |")
    print(f"| fit (BG/NBD + Gamma-Gamma) | {t_fit:.2f} |")
    print(f"| score (p_alive, expected purchases, CLV) | {t_score:.2f} |")
    print(f"| fit + score | {t_fit + t_score:.2f} |")


if __name__ == "__main__":
    main()
