"""The printable report: every report kind with a page, each starting on a new A4 page, printed
from the page's own template (``reports/_body.html``: the same SVG chart and readable table)
by WeasyPrint, so a printed report looks like the screen.

Each page runs the same engine as the report pages, the API and the CLI with the same filters: a
suppressed row says "hidden", and a filter a kind does not take (employee data by touchpoint, …)
is named on its page instead of a figure. WeasyPrint needs Pango (Debian ``libpango-1.0-0``,
``libpangoft2-1.0-0``), which the README's commands install (docs/configuration.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from servicegap.gaps.filters import ReportError
from servicegap.reports import registry
from servicegap.reports.body import body
from servicegap.reports.print_style import with_chart_style

if TYPE_CHECKING:
    from servicegap.core.models import Workspace

Runner = Callable[[str, dict[str, str | None]], dict[str, Any]]
STYLESHEETS = ("servicegap/app.css", "servicegap/reports.css", "servicegap/print.css")


def _page(
    workspace: Workspace,
    kind: registry.ReportKind,
    doc: dict[str, Any] | None,
    note: str,
    params: Mapping[str, str | None],
) -> str:
    context: dict[str, Any] = {
        "kind": kind.name,
        "heading": kind.heading,
        "reading": kind.reading,
        "note": note,
        "doc": doc,
        "workspace": workspace,
        "threshold": workspace.anonymity_threshold,
    }
    if doc is not None:
        context.update(body(kind, doc, kind.default_by, workspace.scale_max, params, True))
        context["printed_lead"] = bool(kind.lead)
    return with_chart_style(render_to_string("reports/_print_page.html", context))


def html(workspace: Workspace, params: Mapping[str, str | None], run: Runner) -> tuple[str, int]:
    """The printable document's HTML, and how many reports it holds."""
    shown = ", ".join(f"{k} {v}" for k, v in params.items() if v) or "all time, customers"
    pages = []
    for kind in registry.pages():
        try:
            doc: dict[str, Any] | None = run(kind.name, dict(params))
            note = shown
        except ReportError as error:
            doc, note = None, f"not shown: {error.field}: {error.message}"
        pages.append(_page(workspace, kind, doc, note, params))
    context = {"workspace": workspace, "pages": pages}
    return render_to_string("reports/print.html", context), len(pages)


def render(
    workspace: Workspace, params: Mapping[str, str | None], run: Runner
) -> tuple[bytes, int]:
    """The PDF of every report kind for the common filters in ``params``, and its report count."""
    text, count = html(workspace, params, run)
    return write_pdf(text), count


def write_pdf(text: str, stylesheets: Sequence[str] = STYLESHEETS, css: str = "") -> bytes:
    """Print the HTML ``text`` with the site's ``stylesheets`` (static paths) and extra ``css``:
    the one WeasyPrint set-up, also used by the published promise's service card. Only ``data:``
    URLs are read (a logo inline); nothing is fetched from the network or the disk."""
    from weasyprint import CSS, HTML  # imported when printing: it loads Pango

    sheets = [CSS(filename=finders.find(path)) for path in stylesheets]
    if css:
        sheets.append(CSS(string=css))
    document = HTML(string=text, url_fetcher=data_only_fetcher()).write_pdf(stylesheets=sheets)
    assert document is not None
    return document


def data_only_fetcher() -> Any:
    """WeasyPrint's URL fetcher limited to ``data:`` URLs. WeasyPrint 68 made the fetcher a
    class (``URLFetcher``) with a protocol list; before, it was a function we wrap."""
    try:
        from weasyprint.urls import URLFetcher  # type: ignore[attr-defined]
    except ImportError:
        return _data_only
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def _data_only(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    from weasyprint import default_url_fetcher  # type: ignore[attr-defined,unused-ignore]

    if not url.startswith("data:"):
        raise ValueError(f"not fetched when printing: {url[:80]}")
    return default_url_fetcher(url, *args, **kwargs)
