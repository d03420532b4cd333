"""Loyal or merely retained: each customer's group from attitude and behaviour (pure: no Django).

Attitude is the customer's latest recommend (NPS, 0–10) answer: promoter 9–10, passive 7–8,
detractor 0–6 (Reichheld 2003). Behaviour is ``p_alive``, the BG/NBD probability that the
customer still buys (servicegap.loyalty.value). The rules are applied in this order, the first
that holds names the group (docs/loyalty.md):

1. ``lost``: ``p_alive`` below the lost threshold (0.15), or the customer answered an exit survey;
2. ``unknown``: no recommend answer;
3. ``at_risk``: ``p_alive`` below the fading threshold (0.5), or alive and passive;
4. ``loyal``: alive and a promoter;
5. ``captive``: alive and a detractor: retained by convenience, not by feeling.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

GROUPS = ("loyal", "captive", "at_risk", "lost", "unknown")  # the report's order
NAMES = {
    "loyal": "Loyal",
    "captive": "Captive",
    "at_risk": "At risk",
    "lost": "Lost",
    "unknown": "Unknown",
}
ATTITUDES = ("detractor", "passive", "promoter")


@dataclass(frozen=True)
class Thresholds:
    lost: float = 0.15  # p_alive below this: lost
    fading: float = 0.5  # p_alive below this: at risk

    def __post_init__(self) -> None:
        if not 0 < self.lost < self.fading <= 1:
            raise ValueError(
                f"need 0 < lost ({self.lost}) < fading ({self.fading}) <= 1 for the loyalty groups"
            )


def attitude(nps: float | None) -> str | None:
    """promoter (9–10), passive (7–8), detractor (0–6); None without an answer."""
    if nps is None:
        return None
    if nps >= 9:
        return "promoter"
    return "passive" if nps >= 7 else "detractor"


def group_of(p_alive: float, nps: float | None, exited: bool, t: Thresholds) -> str:
    """The customer's group by the rules of the module docstring, in their order."""
    if exited or p_alive < t.lost:
        return "lost"
    said = attitude(nps)
    if said is None:
        return "unknown"
    if p_alive < t.fading or said == "passive":
        return "at_risk"
    return "loyal" if said == "promoter" else "captive"


def summary(rows: Sequence[Mapping[str, Any]]) -> tuple[dict[str, dict[str, Any]], float]:
    """Per group, its customers and their CLV; and the value at risk (captive + at risk)."""
    groups: dict[str, dict[str, Any]] = {g: {"customers": 0, "clv": 0.0} for g in GROUPS}
    for r in rows:
        g = groups[r["group"]]
        g["customers"] += 1
        g["clv"] += float(r["clv"] or 0.0)
    for g in groups.values():
        g["clv"] = round(g["clv"], 2)
    at_risk = round(groups["captive"]["clv"] + groups["at_risk"]["clv"], 2)
    return groups, at_risk


def transitions(before: Mapping[str, str], after: Mapping[str, str]) -> list[dict[str, Any]]:
    """How customers moved between groups from one date to the next: a row per group before,
    with the count now in each group (customers in both). ``before``/``after``: code → group."""
    moved = Counter((before[c], after[c]) for c in before.keys() & after.keys())
    out = []
    for g in GROUPS:
        counts = {to: moved[(g, to)] for to in GROUPS}
        n = sum(counts.values())
        if n:
            out.append({"group": g, "n": n, **counts})
    return out


def referral_counts(
    referrers: Iterable[str], rows: Sequence[Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Referrals per group: the customers each group referred (``referrers``: one code per
    referred customer), their number and per customer of the group."""
    made = Counter(referrers)
    out: dict[str, dict[str, Any]] = {}
    for g in GROUPS:
        members = [r["customer"] for r in rows if r["group"] == g]
        n = sum(made[c] for c in members)
        out[g] = {
            "customers": len(members),
            "referrals": n,
            "per_customer": round(n / len(members), 3) if members else None,
        }
    return out
