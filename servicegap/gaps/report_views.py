"""The report pages under /w/<slug>/reports/<kind>/: a GET filter form, a chart, the table, CSV.

Every member may see reports; the engine (``servicegap.gaps.kinds.run``) applies the anonymity
threshold and the slicing rules, so an employee sees exactly what the API would show them.
"""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from servicegap.core.audit import record
from servicegap.core.web import visible_rows, workspace_view
from servicegap.gaps import pdf as printable
from servicegap.gaps import report_charts, report_table
from servicegap.gaps.charts import LAYOUTS
from servicegap.gaps.filters import ALLOWED_BY, KINDS, OUTCOMES, PERIODS, ReportError, parse
from servicegap.gaps.kinds import run
from servicegap.gaps.report_table import Column
from servicegap.lib.scales import PERSPECTIVES, PROTECTED_PERSPECTIVES
from servicegap.surveys.protected import imported_note

TITLES = {
    "gaps": "Gaps",
    "perception": "Perception",
    "moments": "Moments of truth",
    "nps": "NPS",
    "csat": "CSAT",
    "ces": "CES",
    "drivers": "Drivers",
    "kano": "Kano",
    "alerts": "Alerts",
}
TEMPLATES = {"perception": "dots", "moments": "strip", "drivers": "scatter", "kano": "scatter",
             "alerts": "alerts"}  # fmt: skip
SCATTERS = {"drivers": report_charts.drivers, "kano": report_charts.kano}
VALUE = {"gaps": "gap", "nps": "nps", "csat": "csat_pct", "ces": "mean"}


def _select(choices, blank: str | None = None) -> forms.Select:
    options = [("", blank)] if blank else []
    return forms.Select(choices=options + [(c, c) for c in choices])


class ReportForm(forms.Form):
    """The filters under the engine's parameter names; the engine checks them, not this form."""

    def __init__(self, kind: str, data) -> None:
        super().__init__(data)
        allowed_by, default_by = ALLOWED_BY[kind]
        if len(allowed_by) > 1:
            blank = "one figure" if default_by is None else None
            self.fields["by"] = forms.CharField(
                label="By", widget=_select(allowed_by, blank), required=False
            )
        self.fields["perspective"] = forms.CharField(
            label="Perspective", widget=_select(PERSPECTIVES), required=False
        )
        self.fields["unit"] = forms.CharField(label="Unit code", required=False)
        self.fields["touchpoint"] = forms.CharField(label="Touchpoint code", required=False)
        date = forms.DateInput(attrs={"type": "date"})
        self.fields["from"] = forms.CharField(label="From", widget=date, required=False)
        self.fields["to"] = forms.CharField(label="To", widget=date, required=False)
        self.fields["period"] = forms.CharField(
            label="Period", widget=_select(PERIODS), required=False
        )
        self.fields["segment"] = forms.CharField(
            label="Segment", help_text="key=value, e.g. region=north", required=False
        )
        if kind == "drivers":
            self.fields["outcome"] = forms.CharField(
                label="Outcome", widget=_select(OUTCOMES), required=False
            )


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """A row as flat columns; nested dicts become dotted names (customer.mean)."""
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


def chart(kind: str, doc: dict[str, Any], by: str | None, scale_max: int) -> list[Any]:
    """The report's chart in its wide and narrow layouts (the stylesheet shows one); [] if none."""
    rows = doc.get("rows", [])
    if kind in SCATTERS:
        return [c for f in report_charts.SCATTER_FRAMES if (c := SCATTERS[kind](rows, f))]
    drawn = []
    for layout in LAYOUTS:
        if kind in VALUE:
            one = [{**doc, "scope": TITLES[kind]}] if doc.get("n") else []
            shown = rows if "rows" in doc else one
            drawn.append(report_charts.bars(shown, by or "scope", VALUE[kind], layout))
        elif kind == "perception":
            drawn.append(report_charts.perception(rows, scale_max, layout))
        elif kind == "moments":
            weakest = doc.get("weakest", {})
            drawn.append(report_charts.strip(rows, by or "touchpoint", weakest, layout))
        elif kind == "alerts":
            drawn.append(report_charts.alerts(rows, layout))
    return [c for c in drawn if c is not None]


def csv_response(kind: str, slug: str, doc: dict[str, Any]) -> HttpResponse:
    columns, rows = table(doc)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{kind}.csv"'
    writer = csv.DictWriter(response, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return response


@workspace_view()
def pdf(request) -> HttpResponse:
    """Every report on one printable PDF, a page each, for the filters of the query string."""
    params = {k: request.GET.get(k) for k in printable.COMMON}

    def one(kind: str, filters: dict[str, str | None]) -> dict[str, Any]:
        return visible_rows(run(request.workspace, kind, filters), request.unit_scope)

    body = printable.render(request.workspace, params, one)
    record(request.workspace, request.user, "export.report", kind="pdf", filters=params)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{request.workspace.slug}-report.pdf"'
    return response


@workspace_view()
def index(request) -> HttpResponse:
    return redirect("report", slug=request.workspace.slug, kind="gaps")


@workspace_view()
def report(request, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404("no such report")
    form = ReportForm(kind, request.GET)
    form.is_valid()
    params = {k: v for k, v in request.GET.items() if k in form.fields}
    try:
        doc = run(request.workspace, kind, params)
    except ReportError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        doc = None
    if doc is not None:
        doc = visible_rows(doc, request.unit_scope)
    if doc is not None and request.GET.get("format") == "csv":
        record(request.workspace, request.user, "export.report", kind=kind, filters=params)
        return csv_response(kind, request.workspace.slug, doc)
    by = params.get("by") or ALLOWED_BY[kind][1]
    keys, rows = table(doc) if doc is not None else ([], [])
    if doc is not None and "rows" not in doc and rows:  # one figure: a row header saying so
        keys, rows = ["scope", *keys], [{"scope": "All answers", **r} for r in rows]
    columns = report_table.columns(keys, rows)
    context = {
        "kind": kind,
        "title": TITLES[kind],
        "kinds": [(k, TITLES[k]) for k in KINDS],
        "form": form,
        "doc": doc,
        "columns": columns,
        "header_groups": report_table.groups(columns),
        "rows": [_display(r, columns, keys) for r in rows],
        "charts": chart(kind, doc, by, request.workspace.scale_max) if doc else [],
        "chart_template": f"gaps/report_{TEMPLATES.get(kind, 'bars')}.html",
        "threshold": request.workspace.anonymity_threshold,
        "csv_query": _csv_query(request),
        "pdf_query": _pdf_query(request),
        "imported_note": _imported(request.workspace, kind, params) if doc is not None else "",
    }
    return render(request, "gaps/report_page.html", context)


def _imported(workspace, kind: str, params: dict[str, str]) -> str:
    """The sentence saying the window holds protected answers that were imported, not given on
    a survey page by the respondents themselves (surveys/protected.py); "" otherwise."""
    filters = parse(kind, params)
    if not filters.protected:
        return ""
    shown = PROTECTED_PERSPECTIVES
    if filters.perspective in PROTECTED_PERSPECTIVES and filters.by != "perspective":
        shown = frozenset({filters.perspective})
    return imported_note(workspace, shown, filters.date_from, filters.date_to)


def _display(row: dict[str, Any], columns: list[Column], keys: list[str]) -> dict[str, Any]:
    if row.get("suppressed"):
        key = report_table.cell(columns[0], row, keys) if columns else ""
        return {"suppressed": True, "key": key}
    cells = [{"text": report_table.cell(c, row, keys), "style": c.style} for c in columns]
    return {"suppressed": False, "cells": cells}


def _csv_query(request) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    return query.urlencode()


def _pdf_query(request) -> str:
    query = request.GET.copy()
    for key in list(query):
        if key not in printable.COMMON:
            del query[key]
    return query.urlencode()
