"""The respondent's survey page: draw the form, read it back, store it through the contract.

Reusable entry point (the public link uses it; an e-mail invitation page and the staff preview
do too)::

    handle_survey(request, workspace, survey, *, context_extra=None, on_saved=None,
                  initial=None, data_extra=None, thanks_url=None, retry_after=None,
                  preview=False, version=None) -> HttpResponse

- GET draws the published version of ``survey`` (``survey.version``, or ``version``) in the
  language picked by ``?lang=`` or Accept-Language; ``initial`` is a list of contract answers
  ``{item, kind, value}`` to pre-fill (e.g. a resumed invitation).
- A survey of more than 10 questions is drawn in pages (``paging``), with "Page 2 of 4" and a
  progress bar. The pages need no JavaScript: each is a POST of the whole form, the answers of
  the other pages travel in hidden fields, "Next" checks the pages so far, "Back" checks
  nothing; only the last page's send stores the response, in one transaction. "Show if"
  conditions answered on an earlier page decide on the server whether a question is drawn.
- The send (the only POST that can store) counts against the public rate limit of the address
  (``channels.ratelimit:public_post``, SERVICEGAP_PUBLIC_RATE_LIMIT, shared with Tell us and the
  widget); past it the page answers 429 with Retry-After, the answers kept and nothing stored.
  A caller that counted the POST already passes what ``public_post`` returned as ``retry_after``.
- The send validates (required questions, option values, "show if" conditions, 100 importance
  points) and stores via ``store_responses`` with the survey's perspective, its code, its
  touchpoint and supplier; ``data_extra`` is merged into that data (e.g. ``{"respondent": code}``).
  ``on_saved(response)`` runs inside the same transaction, so raising there stores nothing.
  On success: a redirect to ``thanks_url``, or the thank-you page itself. On errors: 200 with the
  first page that has one, each error next to its question and every other answer kept.
- ``preview``: the staff preview. The same pages and checks, the contract's too
  (``prepare_response``), but nothing is stored and nothing counted: the last page shows what
  would have been recorded.
- ``context_extra`` is added to the template context (e.g. ``{"form_action": url}``).
- Contact details are stored only with the consent box ticked: ``Response.contact`` and
  ``Response.contact_consent_at`` (when consent was given).
- The caller checks that the survey may be answered (``answerable(survey)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone

from servicegap.channels.ratelimit import public_post
from servicegap.core.models import Workspace
from servicegap.people.models import Unit
from servicegap.surveys import paging
from servicegap.surveys.answering import (
    initial_values,
    posted_values,
    read_answers,
)
from servicegap.surveys.competitor_question import name_competitor
from servicegap.surveys.contract import (
    Lookups,
    ResponseError,
    prepare_response,
    store_responses,
)
from servicegap.surveys.models import Survey, SurveyStatus
from servicegap.surveys.respond_pages import PagedForm, draw
from servicegap.surveys.respond_text import customer_title, pick_language

MAX_CONTACT = 254


def answerable(survey: Survey) -> bool:
    return survey.status == SurveyStatus.PUBLISHED


def _suppliers(workspace: Workspace, survey: Survey):
    if survey.perspective != "internal" or survey.supplier_id:
        return None
    return list(Unit.objects.of(workspace).order_by("name"))


def _contact(post, w: dict) -> tuple[str, bool, str]:
    contact = post.get("contact", "").strip()
    consent = post.get("contact_consent") == "yes"
    if len(contact) > MAX_CONTACT:
        return contact, consent, f"At most {MAX_CONTACT} characters."
    if contact and not consent:
        return contact, consent, w["need_consent"]
    return contact, consent, ""


def handle_survey(
    request,
    workspace: Workspace,
    survey: Survey,
    *,
    context_extra: dict[str, Any] | None = None,
    on_saved: Callable[[Any], None] | None = None,
    initial: list[dict] | None = None,
    data_extra: dict[str, Any] | None = None,
    thanks_url: str | None = None,
    retry_after: int | None = None,
    preview: bool = False,
    version: int | None = None,
) -> HttpResponse:
    lang = pick_language(
        survey.languages, request.GET.get("lang", ""), request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    )
    form = PagedForm(workspace, survey, lang, survey.version if version is None else version)
    w = form.w
    suppliers = _suppliers(workspace, survey)
    context: dict[str, Any] = {
        "survey": survey,
        "title": customer_title(survey.title, survey.code),
        "ws": workspace,
        "lang": lang,
        "w": w,
        "suppliers": suppliers,
        "errors": False,
        "preview": preview,
        **(context_extra or {}),
    }
    if request.method != "POST":
        values = initial_values(form.fields, initial or [])
        return draw(request, form, context, values, {}, 0)

    post = request.POST
    values = posted_values(form.fields, post)
    page = paging.clamp(post.get("page", ""), len(form.pages))
    go = post.get("go", "")
    if go == "back":  # nothing checked: the respondent may be going back to fix something
        return draw(request, form, context, values, post, page - 1, step=-1)
    if go == "next" and not form.last(page):
        read_answers(form.fields[: form.pages[page].stop], post, w)
        supplier_error = _supplier_error(suppliers, survey, post, w)
        failed = form.first_error()
        if failed is None and not supplier_error:
            return draw(request, form, context, values, post, page + 1)
        context.update(errors=True, supplier_error=supplier_error)
        return draw(request, form, context, values, post, 0 if failed is None else failed)
    return _send(
        request, form, context, values, post, thanks_url, retry_after, on_saved, data_extra
    )


def _supplier_error(suppliers, survey: Survey, post, w: dict) -> str:
    if suppliers is None or survey.supplier:
        return ""
    return "" if post.get("supplier", "") in {u.code for u in suppliers} else w["need_answer"]


def _send(request, form, context, values, post, thanks_url, retry_after, on_saved, data_extra):
    """The last page's send: every page checked again, then stored (or, previewed, shown)."""
    w, survey, workspace, preview = (
        context["w"],
        context["survey"],
        context["ws"],
        context["preview"],
    )
    last = len(form.pages) - 1
    wait = 0 if preview else retry_after
    if wait is None:
        wait = public_post(request, workspace)
    if wait:
        return _refused(request, form, context, values, post, wait)
    answered, ok = read_answers(form.fields, post, w)
    answered = name_competitor(answered)  # the COMPETITOR question names the rated competitor
    contact, consent, contact_error = _contact(post, w)
    supplier = survey.supplier.code if survey.supplier else post.get("supplier", "")
    supplier_error = _supplier_error(context["suppliers"], survey, post, w)
    answers = [a for _f, given in answered for a in given]
    page = form.first_error()
    if ok and not supplier_error and not answers:
        ok, page = False, 0
        context["form_error"] = w["need_one"]
        context["mark_first"] = True  # the first question drawn carries the error
    if ok and not contact_error and not supplier_error:
        data = {
            "submitted_at": timezone.now().isoformat(),
            "time_zone": _zone(post.get("tz", "")),
            "perspective": survey.perspective,
            "survey": survey.code,
            "touchpoint": survey.touchpoint.code if survey.touchpoint else None,
            "supplier": supplier or None,
            "answers": answers,
            **(data_extra or {}),
        }
        try:
            with transaction.atomic():
                prepared = prepare_response(Lookups(workspace), data)
                if preview:  # checked by the contract like a real one; never stored
                    legends = [f.legend for f, given in answered for _a in given]
                    recorded = _recorded(prepared, legends, contact if consent else "")
                    context.update(recorded=recorded)
                    return render(request, "surveys/preview_result.html", context)
                if contact and consent:  # set before storing, so the ingest hooks see it
                    prepared.response.contact = contact
                    prepared.response.contact_consent_at = timezone.now()
                response = store_responses(workspace, [prepared], live=True)[0]
                if on_saved is not None:
                    on_saved(response)
        except ResponseError as exc:
            _blame(exc, answered, context)
            page = form.first_error()
        else:
            if thanks_url:
                return HttpResponseRedirect(thanks_url)
            return render(request, "surveys/thanks.html", context)
    if page is None:
        page = 0 if supplier_error or context.get("form_error") else last
    context.update(
        errors=True,
        contact=contact,
        consent=consent,
        contact_error=contact_error,
        supplier=supplier,
        supplier_error=supplier_error,
    )
    return draw(request, form, context, values, post, page)


def _recorded(prepared, legends: list[str], contact: str) -> dict[str, Any]:
    """What a stored response would have held, for the preview's result page (``legends``: the
    question of each answer, in the order of the answers)."""
    answers = [
        {
            "question": legend,
            "item": a.item or "—",
            "kind": a.kind,
            "value": a.value_text if a.value_num is None else f"{a.value_num:g}",
        }
        for (a, _version), legend in zip(prepared.answers, legends, strict=True)
    ]
    r = prepared.response
    return {
        "answers": answers,
        "perspective": r.perspective,
        "touchpoint": r.touchpoint,
        "unit": r.unit,
        "supplier": r.supplier,
        "contact": contact,
    }


def _refused(request, form, context: dict, values, post, retry_after: int) -> HttpResponse:
    """429: too many posts from this address. The form again, as it was filled in, saying when
    to send it; nothing checked, nothing stored."""
    contact, consent, _error = _contact(post, context["w"])
    context.update(
        refused=context["w"]["too_many"].format(seconds=retry_after),
        contact=contact,
        consent=consent,
        supplier=post.get("supplier", ""),
    )
    page = paging.clamp(post.get("page", ""), len(form.pages))
    response = draw(request, form, context, values, post, page, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _zone(value: str) -> str:
    """The browser's IANA zone, if it is one (the page works without it)."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        return ""
    return value


def _blame(exc: ResponseError, answered, context: dict) -> None:
    """Put a contract error next to the question whose answer broke it."""
    if exc.field.startswith("answers["):
        index = int(exc.field[len("answers[") : exc.field.index("]")])
        for f, given in answered:
            if index < len(given):
                f.error = exc.message
                return
            index -= len(given)
    context["form_error"] = exc.message
