"""The public pages of the promise (no login, core/public.py): the promise page, the printable
service card, and the brand's logo and stylesheet that every public page uses.

The promise page and the card answer 404 both when the workspace does not exist and when its
owner switched the promise off: the same answer, so neither state can be told from outside.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from servicegap.actions.public import you_said_we_did
from servicegap.channels.gate import channel_settings
from servicegap.core.baseurl import base_url
from servicegap.core.models import Workspace
from servicegap.core.web import workspace_for_slug
from servicegap.lib.logo import EXTENSIONS, SVG
from servicegap.promise import card
from servicegap.promise.brand import logo_version, palette_of, stylesheet
from servicegap.standards.models import Standard

YEAR = 365 * 24 * 3600
# A logo may be SVG: opened on its own it must not run anything. The pages show it only as an
# <img> (where no SVG script runs); served directly, this policy forbids scripts, plugins,
# forms and any fetch, and sandboxes the document.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def _published(slug: str) -> Workspace:
    try:
        workspace = Workspace.objects.get(slug=slug, promise_public=True)
    except Workspace.DoesNotExist:
        raise Http404("no published promise") from None
    return workspace


def _standards(workspace: Workspace) -> list[Standard]:
    offered = Standard.objects.of(workspace).filter(published=True, retired=False)
    return list(offered.order_by("code"))


@require_safe
def promise_page(request, slug: str) -> HttpResponse:
    workspace = _published(slug)
    context = {
        "ws": workspace,
        "standards": _standards(workspace),
        "feedback_open": channel_settings(workspace).public_feedback,
        "said_did": you_said_we_did(workspace),
    }
    return render(request, "promise/page.html", context)


@require_safe
def card_pdf(request, slug: str) -> HttpResponse:
    workspace = _published(slug)
    page_url = base_url() + reverse("promise_page", kwargs={"slug": workspace.slug})
    body = card.render(workspace, _standards(workspace), page_url)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{workspace.slug}-service-card.pdf"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def _cached(request, response: HttpResponse, version: str) -> HttpResponse:
    """A year's caching when the URL names the current version (a change makes a new URL);
    five minutes otherwise. The ETag lets a browser revalidate for free."""
    response["ETag"] = f'"{version}"'
    current = request.GET.get("v") == version
    response["Cache-Control"] = (
        f"public, max-age={YEAR}, immutable" if current else "public, max-age=300"
    )
    return response


def _not_modified(request, version: str) -> bool:
    return f'"{version}"' in request.headers.get("If-None-Match", "")


@require_safe
def logo(request, slug: str) -> HttpResponse:
    workspace = workspace_for_slug(slug)
    if not workspace.logo or workspace.logo_type not in EXTENSIONS:
        raise Http404("no logo")
    version = logo_version(workspace)
    if _not_modified(request, version):
        return _cached(request, HttpResponse(status=304), version)
    response = HttpResponse(bytes(workspace.logo), content_type=workspace.logo_type)
    name = f"{workspace.slug}-logo.{EXTENSIONS[workspace.logo_type]}"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    if workspace.logo_type == SVG:
        response["Content-Security-Policy"] = SVG_POLICY
    return _cached(request, response, version)


@require_safe
def brand_css(request, slug: str) -> HttpResponse:
    text, version = stylesheet(palette_of(workspace_for_slug(slug)))
    if _not_modified(request, version):
        return _cached(request, HttpResponse(status=304), version)
    return _cached(request, HttpResponse(text, content_type="text/css; charset=utf-8"), version)
