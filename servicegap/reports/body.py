"""What a report page and its printed page show for one kind's document: the chart drawings and
the readable table. The page (``report_views``) and the PDF (``pdf``) render the same template
(``reports/_body.html``) from this context, so what is printed is what is on screen."""

from __future__ import annotations

from typing import Any

from servicegap.reports import table as report_table
from servicegap.reports.registry import ReportKind
from servicegap.reports.table import Column


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """A row as flat columns; nested dicts become dotted names (customer.mean)."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return {prefix: ", ".join(value) or None}  # codes (tied_with): one readable cell
    if not isinstance(value, dict):
        return {prefix: value}
    out: dict[str, Any] = {}
    for key, inner in value.items():
        out.update(flatten(inner, f"{prefix}.{key}" if prefix else key))
    return out


def table(doc: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns and flat rows of a report: its rows, or the whole document as one row."""
    if "rows" in doc:
        rows = [flatten(r) for r in doc["rows"]]
    elif doc.get("n") or doc.get("suppressed"):
        rows = [flatten(doc)]
    else:
        rows = []
    columns: list[str] = []
    for r in rows:
        columns += [c for c in r if c not in columns and c != "suppressed"]
    if "kind" in columns:  # alerts: what each row is about, next to its kind
        slices = [c for c in ("item", "touchpoint", "unit") if c in columns]
        rest = [c for c in columns if c not in slices and c != "kind"]
        columns = ["kind", *slices, *rest]
    if any(r.get("suppressed") for r in rows):
        columns.append("suppressed")
    return columns, rows


def body(kind: ReportKind, doc: dict[str, Any], by: str | None, scale_max: int) -> dict[str, Any]:
    """The template context of one report's chart and table."""
    keys, rows = table(doc)
    if "rows" not in doc and rows:  # one figure: a row header saying so
        keys, rows = ["scope", *keys], [{"scope": "All answers", **r} for r in rows]
    columns = report_table.columns(keys, rows, dict(kind.labels))
    return {
        "kind": kind.name,
        "title": kind.title,
        "heading": kind.heading,
        "reading": kind.reading,
        "empty": kind.empty,
        "doc": doc,
        "columns": columns,
        "header_groups": report_table.groups(columns),
        "rows": [_display(r, columns, keys) for r in rows],
        "charts": kind.chart(doc, by, scale_max) if kind.chart and doc else [],
        "chart_template": kind.chart_template,
    }


def add_links(
    kind: ReportKind,
    doc: dict[str, Any],
    shown: list[dict[str, Any]],
    query: dict[str, str],
    slug: str,
) -> bool:
    """Give each shown row the links its kind declares (``row_links``) for the page, in place;
    True when some row has one. Hidden rows get none."""
    found = False
    for raw, row in zip(doc.get("rows", []), shown, strict=False):
        if row.get("suppressed") or not isinstance(raw, dict):
            continue
        row["links"] = [got for link in kind.links if (got := link(raw, query, slug))]
        found = found or bool(row["links"])
    return found


def _display(row: dict[str, Any], columns: list[Column], keys: list[str]) -> dict[str, Any]:
    if row.get("suppressed"):
        key = report_table.cell(columns[0], row, keys) if columns else ""
        return {"suppressed": True, "key": key}
    cells = [{"text": report_table.cell(c, row, keys), "style": c.style} for c in columns]
    return {"suppressed": False, "cells": cells}
