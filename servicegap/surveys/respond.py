"""The respondent's survey page: draw the form, read it back, store it through the contract.

Reusable entry point (the public link uses it; an e-mail invitation page can too)::

    handle_survey(request, workspace, survey, *, context_extra=None, on_saved=None,
                  initial=None, data_extra=None, thanks_url=None, retry_after=None) -> HttpResponse

- GET draws the published version of ``survey`` (``survey.version``) in the language picked by
  ``?lang=`` or Accept-Language; ``initial`` is a list of contract answers ``{item, kind, value}``
  to pre-fill (e.g. a resumed invitation).
- Every POST counts against the public rate limit of the address (``channels.ratelimit:
  public_post``, SERVICEGAP_PUBLIC_RATE_LIMIT, shared with Tell us and the widget); past it the
  page answers 429 with Retry-After, the answers kept in the form and nothing stored. A caller that
  counted the POST already passes what ``public_post`` returned as ``retry_after``.
- POST validates (required questions, option values, "show if" conditions, 100 importance
  points) and stores via ``store_responses`` with the survey's perspective, its code, its
  touchpoint and supplier; ``data_extra`` is merged into that data (e.g. ``{"respondent": code}``).
  ``on_saved(response)`` runs inside the same transaction, so raising there stores nothing.
  On success: a redirect to ``thanks_url``, or the thank-you page itself. On errors: 200 with
  each error next to its question and every other answer kept.
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
from servicegap.surveys.answering import (
    apply_values,
    build_fields,
    initial_values,
    posted_values,
    read_answers,
)
from servicegap.surveys.contract import (
    Lookups,
    ResponseError,
    prepare_response,
    store_responses,
)
from servicegap.surveys.models import Question, Survey, SurveyStatus
from servicegap.surveys.respond_text import pick_language, words

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
) -> HttpResponse:
    lang = pick_language(
        survey.languages, request.GET.get("lang", ""), request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    )
    w = words(lang)
    questions = Question.objects.of(workspace).filter(survey=survey, survey_version=survey.version)
    fields = build_fields(
        questions.order_by("position", "pk"), survey.scale_max, lang, survey.languages, w
    )
    suppliers = _suppliers(workspace, survey)
    context: dict[str, Any] = {
        "survey": survey,
        "ws": workspace,
        "fields": fields,
        "lang": lang,
        "w": w,
        "suppliers": suppliers,
        "errors": False,
        **(context_extra or {}),
    }
    if request.method != "POST":
        apply_values(fields, initial_values(fields, initial or []))
        return render(request, "surveys/respond.html", context)

    post = request.POST
    wait = public_post(request, workspace) if retry_after is None else retry_after
    if wait:
        return _refused(request, fields, post, context, wait)
    shown, ok = read_answers(fields, post, w)
    contact, consent, contact_error = _contact(post, w)
    supplier = survey.supplier.code if survey.supplier else post.get("supplier", "")
    supplier_error = ""
    if suppliers is not None and supplier not in {u.code for u in suppliers}:
        supplier_error = w["need_answer"]
    answers = [a for _f, given in shown for a in given]
    if ok and not contact_error and not supplier_error and not answers:
        ok = False
        context["form_error"] = w["need_answer"]
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
                if contact and consent:  # set before storing, so the ingest hooks see it
                    prepared.response.contact = contact
                    prepared.response.contact_consent_at = timezone.now()
                response = store_responses(workspace, [prepared], live=True)[0]
                if on_saved is not None:
                    on_saved(response)
        except ResponseError as exc:
            _blame(exc, shown, context)
        else:
            if thanks_url:
                return HttpResponseRedirect(thanks_url)
            return render(request, "surveys/thanks.html", context)
    apply_values(fields, posted_values(fields, post))
    context.update(
        errors=True,
        contact=contact,
        consent=consent,
        contact_error=contact_error,
        supplier=supplier,
        supplier_error=supplier_error,
    )
    return render(request, "surveys/respond.html", context)


def _refused(request, fields, post, context: dict, retry_after: int) -> HttpResponse:
    """429: too many posts from this address. The form again, as it was filled in, saying when
    to send it; nothing checked, nothing stored."""
    apply_values(fields, posted_values(fields, post))
    contact, consent, _error = _contact(post, context["w"])
    context.update(
        refused=context["w"]["too_many"].format(seconds=retry_after),
        contact=contact,
        consent=consent,
        supplier=post.get("supplier", ""),
    )
    response = render(request, "surveys/respond.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _zone(value: str) -> str:
    """The browser's IANA zone, if it is one (the page works without it)."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        return ""
    return value


def _blame(exc: ResponseError, shown, context: dict) -> None:
    """Put a contract error next to the question whose answer broke it."""
    if exc.field.startswith("answers["):
        index = int(exc.field[len("answers[") : exc.field.index("]")])
        for f, given in shown:
            if index < len(given):
                f.error = exc.message
                return
            index -= len(given)
    context["form_error"] = exc.message
