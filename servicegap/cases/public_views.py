"""The customer's pages of a case link, under /r/<slug>/ (public): answer back into the case,
and the recovery survey. No login: the single-use token in the URL is the key.

An unknown token (or another workspace's) is a 404; a used link says so (200 to look at, 409 to
a POST), an expired one 410. Each POST counts against the public rate limit of the address, as
the other respondent pages' posts do; a refused one stores nothing (429 with Retry-After).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from servicegap.cases import links, recovery, reply
from servicegap.cases.models import CaseLink
from servicegap.channels.gate import HONEYPOT
from servicegap.channels.ratelimit import public_post
from servicegap.core.web import workspace_for_slug
from servicegap.lib.errors import FieldError

THANKS: dict[str, str] = {
    CaseLink.Purpose.REPLY: "Your answer has been added to your case. Someone will read it.",
    CaseLink.Purpose.RECOVERY: "Your answer has been received. It helps us put things right.",
}


def _link(request, slug: str, purpose: str, token: str) -> CaseLink:
    workspace = workspace_for_slug(slug)
    request.workspace = workspace  # the public base's brand; no membership, so no navigation
    link = links.find(workspace, purpose, token)
    if link is None:
        raise Http404("no such link")
    return link


def _page(request, link: CaseLink, template: str, status: int = 200, **extra: Any):
    context = {"ws": link.workspace, "workspace": link.workspace, "lang": "en"} | extra
    return render(request, f"cases/{template}", context, status=status)


def _closed(request, link: CaseLink) -> HttpResponse | None:
    """The page for a used or expired link; None while it is usable."""
    got = links.state(link)
    if got == links.USED:
        return _page(request, link, "link_used.html", 409 if request.method == "POST" else 200)
    if got == links.EXPIRED:
        return _page(request, link, "link_expired.html", 410)
    return None


def _throttled(request, link: CaseLink, template: str, **extra: Any) -> HttpResponse | None:
    wait = public_post(request, link.workspace)
    if not wait:
        return None
    refused = f"Too many answers from here; try again in {wait} s."
    response = _page(request, link, template, 429, refused=refused, **extra)
    response["Retry-After"] = str(wait)
    return response


@require_http_methods(["GET", "POST"])
def customer_reply(request, slug: str, reply_token: str) -> HttpResponse:
    link = _link(request, slug, CaseLink.Purpose.REPLY, reply_token)
    done = _closed(request, link)
    if done is not None:
        return done
    shown: dict[str, Any] = {"sent_text": reply.sent_text(link), "max_text": reply.MAX_TEXT}
    if request.method == "GET":
        return _page(request, link, "customer_reply.html", **shown)
    text = request.POST.get("text", "")
    refused = _throttled(request, link, "customer_reply.html", text=text, **shown)
    if refused is not None:
        return refused
    if request.POST.get(HONEYPOT):
        return _page(request, link, "link_thanks.html", message=THANKS[link.purpose])
    try:
        stored = reply.customer_answer(link, text)
    except FieldError as e:
        return _page(request, link, "customer_reply.html", 422, error=e.message, text=text, **shown)
    if not stored:
        return _page(request, link, "link_used.html", 409)
    return _page(request, link, "link_thanks.html", message=THANKS[link.purpose])


@require_http_methods(["GET", "POST"])
def recovery_survey(request, slug: str, recovery_token: str) -> HttpResponse:
    link = _link(request, slug, CaseLink.Purpose.RECOVERY, recovery_token)
    done = _closed(request, link)
    if done is not None:
        return done
    scales: dict[str, Any] = {"answers": recovery.ANSWERS, "recommend": recovery.RECOMMEND}
    if request.method == "GET":
        return _page(request, link, "recovery.html", **scales)
    refused = _throttled(request, link, "recovery.html", **scales)
    if refused is not None:
        return refused
    if request.POST.get(HONEYPOT):
        return _page(request, link, "link_thanks.html", message=THANKS[link.purpose])
    try:
        answer, nps = recovery.parse_answer(request.POST)
    except FieldError as e:
        given = {k: _int(request.POST.get(k)) for k in ("answer", "nps")}
        errors = {e.field: e.message}
        return _page(request, link, "recovery.html", 422, errors=errors, **given, **scales)
    if not recovery.record_answer(link, answer, nps):
        return _page(request, link, "link_used.html", 409)
    return _page(request, link, "link_thanks.html", message=THANKS[link.purpose])


def _int(raw: Any) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() else None
