"""The printable two-column service card, ``/p/<slug>/card.pdf``: one row per published
standard, its title as written on the left and its behaviours on the right, printed by the
report registry's one PDF renderer (``reports.pdf.write_pdf``) as real text in reading order."""

from __future__ import annotations

from collections.abc import Sequence

from django.template.loader import render_to_string

from servicegap.core.models import Workspace
from servicegap.promise.brand import logo_data_uri, palette_of, stylesheet
from servicegap.reports import pdf
from servicegap.standards.models import Standard

STYLESHEETS = ("servicegap/app.css", "servicegap/public.css")


def html(workspace: Workspace, standards: Sequence[Standard], page_url: str = "") -> str:
    context = {
        "ws": workspace,
        "standards": standards,
        "logo": logo_data_uri(workspace),
        "page_url": page_url,
    }
    return render_to_string("promise/card.html", context)


def render(workspace: Workspace, standards: Sequence[Standard], page_url: str = "") -> bytes:
    brand_css, _version = stylesheet(palette_of(workspace))
    return pdf.write_pdf(html(workspace, standards, page_url), STYLESHEETS, css=brand_css)
