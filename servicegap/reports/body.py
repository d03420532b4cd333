"""What a report page and its printed page show for one kind's document: the chart drawings and
the readable table. The page (``report_views``) and the PDF (``pdf``) render the same template
(``reports/_body.html``) from this context, so what is printed is what is on screen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def table(doc: dict[str, Any], by: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns and flat rows of a report: its rows, or the whole document as one row. A
    row's name (``servicegap.reports.names``) comes first, its code beside it."""
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
    columns = _names_first(columns, by)
    if any(r.get("suppressed") for r in rows):
        columns.append("suppressed")
    return columns, rows


def _names_first(columns: list[str], by: str | None) -> list[str]:
    """``name`` before the ``by`` code, ``unit_name`` before ``unit``."""
    out = [c for c in columns if c != "name" and not c.endswith("_name")]
    for named in [c for c in columns if c == "name" or c.endswith("_name")]:
        code = by if named == "name" else named[: -len("_name")]
        at = out.index(code) if code in out else 0
        out.insert(at, named)
    return out


def worst_first(rows: list[Any], key: str) -> list[Any]:
    """``rows`` by the flat ``key`` ("-key": descending); rows without it, hidden ones, last."""
    field, descending = key.lstrip("-"), key.startswith("-")

    def value(row: Any) -> float | None:
        got = flatten(row).get(field) if isinstance(row, dict) else None
        return got if isinstance(got, int | float) and not isinstance(got, bool) else None

    known = [r for r in rows if value(r) is not None]
    known.sort(key=lambda r: value(r) or 0.0, reverse=descending)
    return known + [r for r in rows if value(r) is None]


def _with_intervals(lead: Sequence[str]) -> list[str]:
    pairs = [(n, f"{n[: -len('low')]}high") if n.endswith("ci_low") else (n,) for n in lead]
    return [k for pair in pairs for k in pair]


def lead_first(keys: list[str], lead: Sequence[str], by: str | None) -> list[str]:
    """The row's name (or code), then the ``lead`` keys with their intervals, then the rest,
    the code beside a name going last."""
    if not lead:
        return keys
    head = keys[:1]
    wanted = [k for k in _with_intervals(lead) if k in keys]
    tail = [by] if by is not None and "name" in keys and by in keys else []
    rest = [k for k in keys if k not in head and k not in wanted and k not in tail]
    return head + [k for k in wanted if k not in head] + rest + tail


def name_labels(by: str | None, keys: list[str]) -> dict[str, str]:
    """Headers of the name columns and of the codes beside them: "Standard", "Code"."""
    out: dict[str, str] = {}
    for key in keys:
        if key == "name" and by:
            out["name"], out[by] = report_table.label(by), "Code"
        elif key.endswith("_name"):
            code = key[: -len("_name")]
            out[key], out[code] = report_table.label(code), f"{report_table.label(code)} code"
    return out


def body(
    kind: ReportKind,
    doc: dict[str, Any],
    by: str | None,
    scale_max: int,
    params: Mapping[str, str | None] | None = None,
    printed: bool = False,
) -> dict[str, Any]:
    """The template context of one report's sentence, chart and table. ``printed``: the
    table of the PDF, the row's name and its main comparison only (``ReportKind.lead``)."""
    if kind.sort and by != "period" and isinstance(doc.get("rows"), list):
        doc = {**doc, "rows": worst_first(doc["rows"], kind.sort)}
    keys, rows = table(doc, by)
    keys = lead_first(keys, kind.lead, by)
    if printed and kind.lead:
        keys = keys[:1] + [k for k in _with_intervals(kind.lead) if k in keys and k != keys[0]]
    if "rows" not in doc and rows:  # one figure: a row header saying so
        keys, rows = ["scope", *keys], [{"scope": "All answers", **r} for r in rows]
    columns = report_table.columns(keys, rows, {**dict(kind.labels), **name_labels(by, keys)})
    return {
        "kind": kind.name,
        "title": kind.title,
        "heading": kind.heading,
        "reading": kind.reading,
        "sentence": kind.say(doc, by, params or {}),
        "empty": kind.empty,
        "doc": doc,  # its rows in the table's order
        "columns": columns,
        "header_groups": report_table.groups(columns),
        "glossary": report_table.glossary(columns),
        "rows": [_display(r, columns, keys) for r in rows],
        "charts": kind.chart(doc, by, scale_max) if kind.chart and doc else [],
        "chart_template": kind.chart_template,
        "signed": kind.value in ("", "gap", "nps", "enps"),  # bars read from zero: red below it
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
