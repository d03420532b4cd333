"""The printable report: one A4 page per report kind, with its chart and its table, as a PDF.

Drawn with matplotlib (already a dependency; no browser or TeX needed). Each page runs the same
engine as the report pages, the API and the CLI (``servicegap.gaps.kinds.run``) with the same
filters, so a page shows exactly what the screen would: suppressed rows say "hidden", a filter a
kind does not take (employee data by touchpoint, …) is named on its page instead of a figure.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from servicegap.gaps.filters import KINDS, ReportError
from servicegap.gaps.kinds.alerts import describe

A4 = (8.27, 11.69)
MAX_ROWS = 28  # rows printed per page; the CSV export has them all
TITLES = {
    "gaps": "Gaps: experience − expectation per standard",
    "perception": "Perception: leaders, employees and customers",
    "moments": "Moments of truth",
    "nps": "Net Promoter Score",
    "csat": "Customer satisfaction (top two boxes)",
    "ces": "Customer effort",
    "drivers": "Drivers of the overall rating",
    "kano": "Kano categories",
    "alerts": "Alerts (statistical process control)",
}
COMMON = ("perspective", "unit", "touchpoint", "from", "to", "period", "segment")
Runner = Callable[[str, dict[str, str | None]], dict[str, Any]]


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dict) and "mean" in value:  # a perspective of the perception report
        return f"{_fmt(value['mean'])} (n {value.get('n')})"
    if isinstance(value, dict):
        return " ".join(f"{k}:{_fmt(v)}" for k, v in value.items() if not isinstance(v, dict))
    return str(value)


def _table_rows(doc: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    rows = doc.get("rows")
    if rows is None:
        rows = [doc] if doc.get("n") or doc.get("suppressed") else []
    columns: list[str] = []
    for r in rows:
        columns += [c for c in r if c not in columns and c != "suppressed"]
    columns = columns[:7]  # a page is narrow; the CSV has every column
    width = max(len(columns), 1)
    hidden = ["hidden (too few respondents)"] + [""] * width
    body = [
        ([_fmt(r.get(columns[0])) if columns else "", *hidden])[:width]
        if r.get("suppressed")
        else [_fmt(r.get(c)) for c in columns]
        for r in rows
    ]
    return columns, body


def _bars(ax, doc: dict[str, Any], key: str, value: str) -> bool:
    rows = [r for r in doc.get("rows", []) if not r.get("suppressed") and r.get(value) is not None]
    if not rows:
        return False
    rows = rows[:MAX_ROWS]
    labels = [str(r.get(key, "")) for r in rows]
    values = [r[value] for r in rows]
    low = [r[value] - r["ci_low"] if r.get("ci_low") is not None else 0 for r in rows]
    high = [r["ci_high"] - r[value] if r.get("ci_high") is not None else 0 for r in rows]
    colours = ["#b3261e" if v < 0 else "#1b6e3a" for v in values]
    ax.barh(labels, values, xerr=[low, high], color=colours, capsize=3)
    ax.axvline(0, color="#444", linewidth=0.8)
    ax.invert_yaxis()
    ax.set_xlabel(f"{value} with its 95 % interval")
    return True


def _chart(ax, kind: str, doc: dict[str, Any]) -> bool:
    """Draw the kind's chart on ``ax``; False when there is nothing to draw."""
    rows = [r for r in doc.get("rows", []) if not r.get("suppressed")]
    key = next((k for k in ("item", "touchpoint", "journey", "unit", "perspective", "period",
                            "dimension") if rows and k in rows[0]), "item")  # fmt: skip
    if kind == "gaps":
        return _bars(ax, doc, key, "gap")
    if kind in ("nps", "csat", "ces") and rows:
        return _bars(ax, doc, key, {"nps": "nps", "csat": "csat_pct", "ces": "mean"}[kind])
    if kind == "moments" and rows:
        labels = [str(r[key]) for r in rows][:MAX_ROWS]
        left = [0.0] * len(labels)
        for name, colour in (("magic", "#1b6e3a"), ("mediocrity", "#9e9e9e"),
                             ("misery", "#b3261e")):  # fmt: skip
            share = [r.get(f"{name}_pct") or 0.0 for r in rows][:MAX_ROWS]
            ax.barh(labels, share, left=left, color=colour, label=name)
            left = [a + b for a, b in zip(left, share, strict=True)]
        ax.invert_yaxis()
        ax.set_xlabel("share of responses, %")
        ax.legend(loc="lower right", fontsize=7)
        return True
    if kind == "perception" and rows:
        for side, marker in (("customer", "o"), ("employee", "s"), ("leader", "D")):
            points = [(r[side]["mean"], r["item"]) for r in rows
                      if isinstance(r.get(side), dict) and r[side].get("mean") is not None]  # fmt: skip
            if points:
                ax.scatter([p[0] for p in points], [p[1] for p in points], marker=marker,
                           label=side)  # fmt: skip
        ax.set_xlabel("mean experience")
        ax.legend(loc="lower right", fontsize=7)
        return True
    if kind == "drivers" and rows:
        x = [r["importance"] for r in rows if r.get("gap") is not None]
        y = [r["gap"] for r in rows if r.get("gap") is not None]
        ax.scatter(x, y)
        for r in rows:
            if r.get("gap") is not None:
                ax.annotate(r["item"], (r["importance"], r["gap"]), fontsize=7)
        ax.axhline(0, color="#444", linewidth=0.8)
        ax.set_xlabel("importance (share of R²)")
        ax.set_ylabel("gap")
        return True
    if kind == "kano" and rows:
        rated = [r for r in rows if r.get("better") is not None]
        ax.scatter([-r["worse"] for r in rated], [r["better"] for r in rated])
        for r in rated:
            ax.annotate(f"{r['item']} ({r['category']})", (-r["worse"], r["better"]), fontsize=7)
        ax.set_xlabel("worse (dissatisfaction when absent)")
        ax.set_ylabel("better (satisfaction when present)")
        return True
    return False


def _page(pdf: PdfPages, workspace, kind: str, doc: dict[str, Any] | None, note: str) -> None:
    fig = Figure(figsize=A4)
    fig.text(0.07, 0.955, TITLES[kind], fontsize=15, weight="bold")
    fig.text(0.07, 0.93, f"{workspace.name} · {note}", fontsize=8, color="#444")
    if doc is None:
        pdf.savefig(fig)
        return
    if doc.get("suppressed"):
        fig.text(0.07, 0.88, "Hidden: fewer respondents than the anonymity threshold.")
        pdf.savefig(fig)
        return
    if "method" in doc or "r2" in doc:
        fig.text(
            0.07, 0.905, f"method: {doc.get('method')} · R² = {_fmt(doc.get('r2'))}", fontsize=8
        )
    ax = fig.add_axes((0.25, 0.56, 0.68, 0.33))
    if not _chart(ax, kind, doc):
        fig.delaxes(ax)
    if kind == "alerts":  # each alert's standard, touchpoint or unit in one column, in words
        doc = {"rows": [describe(r) for r in doc.get("rows", [])]}
    columns, body = _table_rows(doc)
    if not body:
        fig.text(0.07, 0.5, "Too little data for this report (n = 0).")
    else:
        tax = fig.add_axes((0.05, 0.04, 0.9, 0.45))
        tax.axis("off")
        shown = body[:MAX_ROWS]
        table = tax.table(cellText=shown, colLabels=columns, loc="upper center", cellLoc="left")
        table.auto_set_font_size(False)
        table.set_fontsize(6.5)
        if len(body) > MAX_ROWS:
            fig.text(0.07, 0.02, f"… and {len(body) - MAX_ROWS} more rows (see the CSV export).",
                     fontsize=7)  # fmt: skip
    pdf.savefig(fig)


def render(workspace, params: Mapping[str, str | None], run: Runner) -> bytes:
    """The PDF of every report kind for the common filters in ``params``."""
    common = {k: params.get(k) for k in COMMON}
    shown = ", ".join(f"{k} {v}" for k, v in common.items() if v) or "all time, customers"
    out = io.BytesIO()
    with PdfPages(out, metadata={"Title": f"ServiceGap report: {workspace.name}",
                                 "CreationDate": datetime.now(UTC)}) as pdf:  # fmt: skip
        for kind in KINDS:
            try:
                doc: dict[str, Any] | None = run(kind, dict(common))
                note = shown
            except ReportError as error:
                doc, note = None, f"not shown: {error.field}: {error.message}"
            _page(pdf, workspace, kind, doc, note)
    return out.getvalue()
