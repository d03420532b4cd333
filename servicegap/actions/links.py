"""The links the report pages put beside a row (``ReportKind.row_links``): make an action from
a gap row or a driver, act on an alert. Each takes the row, the page's query and the workspace
slug, and returns (label, url) or None when the row names nothing to act on."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

# What a report row may name, and the form field of the new action it fills.
SLICES = {"item": "standards", "touchpoint": "touchpoints", "unit": "units"}


def _new(slug: str, origin: str, fields: dict[str, str], detail: dict[str, Any]) -> str:
    query = {**{k: v for k, v in fields.items() if v}, "origin": origin}
    query |= {f"from_{k}": str(v) for k, v in detail.items() if v is not None and v != ""}
    return reverse("action_new", kwargs={"slug": slug}) + "?" + urlencode(query)


def _slices(row: dict[str, Any], query: dict[str, str]) -> dict[str, str]:
    """The row's own standard, touchpoint or unit, else the page's filter."""
    return {
        field: str(row.get(key) or query.get(key) or "")
        for key, field in SLICES.items()
        if key != "item" or row.get("item")
    }


def from_gap(row: dict[str, Any], query: dict[str, str], slug: str) -> tuple[str, str] | None:
    """A gap row by standard, touchpoint or unit (not by dimension, period …)."""
    if not any(row.get(key) for key in SLICES) or row.get("gap") is None:
        return None
    fields = _slices(row, query)
    named = row.get("name") or row.get("item") or row.get("touchpoint") or row.get("unit")
    fields["title"] = f"Close the gap on {named}"
    detail = {
        "gap": round(row["gap"], 3),
        "n": row.get("n"),
        "perspective": query.get("perspective"),
    }
    detail |= {k: query.get(k) for k in ("from", "to")}
    return "Make an action", _new(slug, "gap", fields, detail)


def from_driver(row: dict[str, Any], query: dict[str, str], slug: str) -> tuple[str, str] | None:
    if not row.get("item"):
        return None
    fields = _slices(row, query)
    fields["title"] = f"Improve {row.get('name') or row['item']}"
    importance = row.get("importance")
    detail = {
        "importance": round(importance, 3) if importance is not None else None,
        "quadrant": row.get("quadrant"),
        "outcome": query.get("outcome"),
    }
    return "Make an action", _new(slug, "driver", fields, detail)


def for_alert(row: dict[str, Any], query: dict[str, str], slug: str) -> tuple[str, str] | None:
    """An alert: its page to acknowledge, assign or act on it (``servicegap.actions.alerts``)."""
    from servicegap.actions.alerts import identity_query  # noqa: PLC0415 (models)

    got = identity_query(row, query)
    if got is None:
        return None
    return "Acknowledge, assign or act", (
        reverse("alert_act", kwargs={"slug": slug}) + "?" + urlencode(got)
    )
