"""The internal chain's figures, in plain Python (no Django): one row per (supplier, customer)
link, the anonymity rule applied to the links, the weak-link rule, and the correlation between
a unit's internal score as a supplier and its customers' results (docs/chain.md).

- ``mean`` is the mean of every ``experience`` and ``rating`` answer given about the link;
  ``n`` counts distinct respondents (a response without a respondent counts as one).
- The 95 % interval is a t interval whose standard error treats each respondent as one cluster
  (the ratio estimator's sandwich variance, df = n − 1): one person's three answers about the
  same supplier are not three independent views, so an interval from single answers would be
  too narrow.
- A link rated by 0 < n < threshold distinct respondents is suppressed, and further links are
  suppressed until no hidden link can be worked out by subtraction from a total shown elsewhere:
  a customer unit's internal results (every supplier together) and a supplier's (every customer
  together) are the totals (``servicegap.anonymity.suppression.safe``).
- ``weak``: the link's interval lies wholly below the benchmark, the mean of the means of all
  links shown.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from scipy import stats as _st

from servicegap.anonymity.suppression import is_hidden, safe

LEVEL = 0.95
MIN_UNITS = 4  # fewer units than this: a correlation is "too few units to tell"


@dataclass(frozen=True)
class Rating:
    """One ``experience`` or ``rating`` answer of an internal response (on the workspace scale).
    ``customer`` or ``supplier`` may be empty: such an answer counts towards a unit's total (which
    other reports show) but belongs to no link."""

    supplier: str
    customer: str
    respondent: Hashable  # the person, or the response when it names none
    value: float


@dataclass(frozen=True)
class Figure:
    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None


def clustered_mean(values: Sequence[tuple[Hashable, float]]) -> Figure:
    """Mean of all values with a 95 % t interval clustered by respondent (df = clusters − 1)."""
    if not values:
        return Figure(0, None, None, None)
    sums: dict[Hashable, list[float]] = {}
    for who, value in values:
        sums.setdefault(who, []).append(value)
    total = len(values)
    mean = math.fsum(v for _w, v in values) / total
    n = len(sums)
    if n < 2:
        return Figure(n, mean, None, None)
    residual = math.fsum((math.fsum(vs) - mean * len(vs)) ** 2 for vs in sums.values())
    se = math.sqrt(residual * n / (n - 1)) / total
    crit = float(_st.t.ppf(0.5 + LEVEL / 2, n - 1))
    return Figure(n, mean, mean - crit * se, mean + crit * se)


def _hide_until_safe(
    groups: dict[str, dict[tuple[str, str], int]],
    totals: dict[str, int],
    hidden: set[tuple[str, str]],
    threshold: int,
) -> bool:
    """Complementary suppression within each unit's links against the unit's total: hide the
    smallest shown link while the hidden ones could be computed. True if anything changed."""
    changed = False
    for unit, links in groups.items():
        total = totals.get(unit, 0)
        if is_hidden(total, threshold):
            continue  # the unit's own total is hidden elsewhere too: nothing to subtract from
        shown = sorted(
            (k for k, c in links.items() if c > 0 and k not in hidden), key=lambda k: links[k]
        )
        while shown and not safe([links[k] for k in links if k in hidden], threshold):
            hidden.add(shown.pop(0))
            changed = True
    return changed


def suppressed_links(
    counts: dict[tuple[str, str], int],
    customer_totals: dict[str, int],
    supplier_totals: dict[str, int],
    threshold: int,
) -> set[tuple[str, str]]:
    """The (supplier, customer) links that must not be shown (see the module doc)."""
    hidden = {link for link, n in counts.items() if is_hidden(n, threshold)}
    by_customer: dict[str, dict[tuple[str, str], int]] = {}
    by_supplier: dict[str, dict[tuple[str, str], int]] = {}
    for link, n in counts.items():
        by_customer.setdefault(link[1], {})[link] = n
        by_supplier.setdefault(link[0], {})[link] = n
    # Hiding a link for one side may open a subtraction on the other: repeat until stable.
    while _hide_until_safe(by_customer, customer_totals, hidden, threshold) | _hide_until_safe(
        by_supplier, supplier_totals, hidden, threshold
    ):
        pass
    return hidden


def _distinct(ratings: Iterable[Rating], key: str) -> dict[str, int]:
    seen: dict[str, set[Hashable]] = {}
    for r in ratings:
        unit = getattr(r, key)
        if unit:
            seen.setdefault(unit, set()).add(r.respondent)
    return {unit: len(who) for unit, who in seen.items()}


def chain_rows(
    ratings: Sequence[Rating], declared: Iterable[tuple[str, str]], threshold: int
) -> list[dict]:
    """The report's rows: every rated link and every declared one, by supplier then customer."""
    per_link: dict[tuple[str, str], list[tuple[Hashable, float]]] = {}
    for r in ratings:
        if r.supplier and r.customer:
            per_link.setdefault((r.supplier, r.customer), []).append((r.respondent, r.value))
    figures = {link: clustered_mean(values) for link, values in per_link.items()}
    hidden = suppressed_links(
        {link: f.n for link, f in figures.items()},
        _distinct(ratings, "customer"),
        _distinct(ratings, "supplier"),
        threshold,
    )
    links = sorted(set(figures) | set(declared))
    bench = benchmark(
        [{"mean": figures[k].mean} for k in links if k in figures and k not in hidden]
    )
    rows: list[dict[str, Any]] = []
    for link in links:
        supplier, customer = link
        f = figures.get(link, Figure(0, None, None, None))
        row: dict[str, Any]
        if link in hidden:
            row = {"supplier": supplier, "customer": customer, "n": None, "mean": None,
                   "ci_low": None, "ci_high": None, "weak": False, "suppressed": True}  # fmt: skip
        else:
            weak = bench is not None and f.ci_high is not None and f.ci_high < bench
            row = {"supplier": supplier, "customer": customer, "n": f.n, "mean": f.mean,
                   "ci_low": f.ci_low, "ci_high": f.ci_high, "weak": weak,
                   "suppressed": False}  # fmt: skip
        rows.append(row)
    return rows


def benchmark(rows: Sequence[dict]) -> float | None:
    """The mean of the shown links' means: what ``weak`` compares each interval with."""
    means = [r["mean"] for r in rows if not r.get("suppressed") and r.get("mean") is not None]
    return math.fsum(means) / len(means) if means else None


@dataclass(frozen=True)
class Correlation:
    units: int
    r: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def too_few(self) -> bool:
        return self.r is None


def correlation(pairs: Sequence[tuple[float, float]]) -> Correlation:
    """Pearson r of the pairs with its 95 % interval by Fisher's z (se = 1/sqrt(n − 3)); None
    below ``MIN_UNITS`` pairs or when either side does not vary."""
    n = len(pairs)
    if n < MIN_UNITS:
        return Correlation(n, None, None, None)
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    sxy = math.fsum((x - mx) * (y - my) for x, y in pairs)
    sxx, syy = math.fsum((x - mx) ** 2 for x in xs), math.fsum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return Correlation(n, None, None, None)
    r = max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))
    if abs(r) == 1.0:
        return Correlation(n, r, r, r)
    z, se = math.atanh(r), 1 / math.sqrt(n - 3)
    crit = float(_st.norm.ppf(0.5 + LEVEL / 2))
    return Correlation(n, r, math.tanh(z - crit * se), math.tanh(z + crit * se))


def upstream(unit: str, links: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every link in the chain behind ``unit``: its suppliers, their suppliers, and so on
    (breadth first; a loop in the chain is followed once)."""
    feeds: dict[str, list[str]] = {}
    for supplier, customer in sorted(links):
        feeds.setdefault(customer, []).append(supplier)
    found: list[tuple[str, str]] = []
    seen, queue = {unit}, [unit]
    while queue:
        customer = queue.pop(0)
        for supplier in feeds.get(customer, []):
            found.append((supplier, customer))
            if supplier not in seen:
                seen.add(supplier)
                queue.append(supplier)
    return found


def supplier_scores(rows: Sequence[dict]) -> dict[str, float]:
    """Each supplier's internal score: the mean of its shown links' means (hidden links never
    enter, so the score cannot reveal them)."""
    means: dict[str, list[float]] = {}
    for r in rows:
        if not r.get("suppressed") and r.get("mean") is not None:
            means.setdefault(r["supplier"], []).append(r["mean"])
    return {unit: math.fsum(ms) / len(ms) for unit, ms in means.items()}
