"""Retention curves of a workspace's customers as of a day, by group (survival.py does the
statistics): everyone, by the unit of their first purchase, by the month of their first purchase,
or by a segment attribute of the customer (``segment:KEY``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import numpy as np

from servicegap.loyalty import survival

BY = ("all", "unit", "month")  # and "segment:KEY"
MOST = 6  # curves drawn at most: the largest groups; more would be unreadable


def _names(by: str, keys: set[Any]) -> dict[Any, str]:
    from servicegap.people.models import Unit  # noqa: PLC0415

    if by == "unit":
        found = dict(Unit.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", "name"))
        return {k: found.get(k, "No unit recorded") for k in keys}
    return {k: str(k) if k not in (None, "") else "Not recorded" for k in keys}


def curves(workspace: Any, as_of: date, by: str = "all") -> list[dict[str, Any]]:
    """One dict per group, largest first: name, n, lapsed, the curve's lists, and the share
    retained a year after the first purchase with its band (``year``)."""
    from servicegap.loyalty.models import Transaction  # noqa: PLC0415
    from servicegap.people.models import Person  # noqa: PLC0415

    first: dict[int, tuple[date, Any]] = {}
    last: dict[int, date] = {}
    rows = (
        Transaction.objects.of(workspace)
        .filter(date__lte=as_of)
        .order_by("date", "id")
        .values_list("customer_id", "date", "unit_id")
    )
    for pk, day, unit in rows.iterator(chunk_size=20000):
        first.setdefault(pk, (day, unit))
        last[pk] = day
    if by.startswith("segment:"):
        key = by.partition(":")[2]
        attrs = dict(Person.objects.filter(pk__in=list(first)).values_list("pk", "attributes"))
        group = {pk: (attrs.get(pk) or {}).get(key) for pk in first}
    elif by == "unit":
        group = {pk: unit for pk, (_, unit) in first.items()}
    elif by == "month":
        group = {pk: f"{day:%Y-%m}" for pk, (day, _) in first.items()}
    else:
        group = dict.fromkeys(first, "All customers")
    members: dict[Any, list[int]] = defaultdict(list)
    for pk, g in group.items():
        members[g].append(pk)
    largest = sorted(members, key=lambda g: (-len(members[g]), str(g)))[:MOST]
    names = _names(by, set(largest))
    out = []
    for g in largest:
        pks = members[g]
        t, lapsed = survival.durations(
            [first[p][0].toordinal() for p in pks],
            [last[p].toordinal() for p in pks],
            as_of.toordinal(),
        )
        c = survival.kaplan_meier(t, lapsed)
        s, lo, hi = survival.at(c, 365)
        out.append({
            "name": names[g], "n": c.n, "lapsed": c.lapsed, "time": c.time.tolist(),
            "survival": np.round(c.survival, 5).tolist(), "low": np.round(c.low, 5).tolist(),
            "high": np.round(c.high, 5).tolist(),
            "year": {"retained": round(s, 4), "ci_low": round(lo, 4), "ci_high": round(hi, 4)},
        })  # fmt: skip
    if by == "month":
        out.sort(key=lambda g: g["name"])
    return out
