"""The report pages under /w/<slug>/reports/<kind>/: a GET filter form, a chart, the table, CSV;
and the printable PDF of every report. The kinds, their titles, forms and charts come from the
registry (servicegap/reports/registry.py).

Every member may see reports; the engine (``servicegap.gaps.kinds.run``) applies the anonymity
threshold and the slicing rules, so an employee sees exactly what the API would show them.
"""

from __future__ import annotations

import csv
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from servicegap.core.audit import record
from servicegap.core.forms import show_error
from servicegap.core.models import Workspace
from servicegap.core.web import visible_rows, workspace_view
from servicegap.gaps.filters import ReportError, parse
from servicegap.gaps.kinds import run
from servicegap.lib.csvsafe import neutralise
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.reports import names, registry
from servicegap.reports import params as spec
from servicegap.reports import pdf as printable
from servicegap.reports.body import add_links, body, table
from servicegap.reports.forms import ReportForm
from servicegap.reports.rounding import rounded
from servicegap.surveys.protected import imported_note


def csv_response(kind: str, slug: str, doc: dict[str, Any], by: str | None) -> HttpResponse:
    """The report's table as CSV, names beside codes; a cell a spreadsheet would run as a formula
    (a code or a segment value starting with = + - @) is neutralised, figures are rounded to what
    their interval supports (``servicegap.reports.rounding``; the JSON keeps them whole)."""
    columns, rows = table(doc, by)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{kind}.csv"'
    writer = csv.DictWriter(response, fieldnames=columns, extrasaction="ignore")
    writer.writerow({c: neutralise(c) for c in columns})
    writer.writerows(
        {k: v if v is None else neutralise(str(v)) for k, v in rounded(r).items()} for r in rows
    )
    return response


@workspace_view()
def pdf(request) -> HttpResponse:
    """Every report on one printable PDF, a page each, for the filters of the query string."""
    params = {p.name: request.GET.get(p.name) for p in spec.COMMON}

    def one(kind: str, filters: dict[str, str | None]) -> dict[str, Any]:
        return visible_rows(run(request.workspace, kind, filters), request.unit_scope)

    document, _pages = printable.render(request.workspace, params, one)
    record(request.workspace, request.user, "export.report", kind="pdf", filters=params)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{request.workspace.slug}-report.pdf"'
    return response


@workspace_view()
def index(request) -> HttpResponse:
    return redirect("report", slug=request.workspace.slug, kind=registry.pages()[0].name)


@workspace_view()
def report(request, kind: str) -> HttpResponse:
    declared = registry.get(kind)
    if declared is None or not declared.page:
        raise Http404("no such report")
    form = ReportForm(declared, request.GET, _named(request), timezone.localdate())
    form.is_valid()
    params = {k: v for k, v in request.GET.items() if k in form.fields}
    status = 200
    try:
        doc = run(request.workspace, kind, params)
    except ReportError as error:  # the page again, the error next to its field: 422 as the API
        show_error(form, error)
        doc, status = None, 422
    if doc is not None:
        doc = visible_rows(doc, request.unit_scope)
    if doc is not None and request.GET.get("format") == "csv":
        record(request.workspace, request.user, "export.report", kind=kind, filters=params)
        by = params.get("by") or declared.default_by
        return csv_response(kind, request.workspace.slug, doc, by)
    context: dict[str, Any] = {
        "filters_now": filters_now(form),
        "kind": kind,
        "title": declared.title,
        "reading": declared.reading,
        "kinds": [(k.name, k.title) for k in registry.pages()],
        "form": form,
        "doc": doc,
        "threshold": request.workspace.anonymity_threshold,
        "csv_query": _csv_query(request),
        "pdf_query": _pdf_query(request),
    }
    if doc is not None:
        by = params.get("by") or declared.default_by
        context.update(body(declared, doc, by, request.workspace.scale_max, params))
        context["row_links"] = add_links(
            declared, context["doc"], context["rows"], params, request.workspace.slug
        )
        context["imported_note"] = _imported(request.workspace, kind, params)
    return render(request, "reports/page.html", context, status=status)


def filters_now(form: ReportForm) -> str:
    """The filters in force, in words ("By unit · customers · Northway York"), for the line
    a reader sees while the form is folded away."""
    said = []
    for name, field in form.fields.items():
        value = form.data.get(name)
        if not value:
            continue
        choices = dict(getattr(field.widget, "choices", ()))
        said.append(f"{field.label}: {choices.get(value, value)}")
    if not form.fields:
        return ""
    return " · ".join(said) or "none, the kind's defaults (open to choose)"


def _named(request) -> dict[str, list[tuple[str, str]]]:
    """The units (those the member may see), touchpoints and surveys to choose from, by name."""
    found = names.lookup(request.workspace)
    scope = request.unit_scope
    units = {c: n for c, n in found["unit"].items() if scope is None or c in scope}
    from servicegap.surveys.models import Survey  # noqa: PLC0415 (one list, for the answers)

    surveys = dict(Survey.objects.of(request.workspace).values_list("code", "title"))
    return {
        "unit": _by_name(units),
        "touchpoint": _by_name(found["touchpoint"]),
        "survey": _by_name(surveys),
    }


def _by_name(known: dict[str, str]) -> list[tuple[str, str]]:
    """(code, name) sorted by name; a name two codes share gets its code to tell them apart."""
    seen: dict[str, int] = {}
    for name in known.values():
        seen[name] = seen.get(name, 0) + 1
    shown = {c: n if seen[n] == 1 else f"{n} ({c})" for c, n in known.items()}
    return sorted(shown.items(), key=lambda pair: (pair[1].casefold(), pair[0]))


def _imported(workspace: Workspace, kind: str, params: dict[str, str]) -> str:
    """The sentence saying the window holds protected answers that were imported, not given on
    a survey page by the respondents themselves (surveys/protected.py); "" otherwise."""
    filters = parse(kind, params)
    if not filters.protected:
        return ""
    shown = PROTECTED_PERSPECTIVES
    if filters.perspective in PROTECTED_PERSPECTIVES and filters.by != "perspective":
        shown = frozenset({filters.perspective})
    return imported_note(workspace, shown, filters.date_from, filters.date_to)


def _csv_query(request) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    return query.urlencode()


def _pdf_query(request) -> str:
    query = request.GET.copy()
    common = {p.name for p in spec.COMMON}
    for key in list(query):
        if key not in common:
            del query[key]
    return query.urlencode()
