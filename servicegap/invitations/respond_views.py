"""The respondent's pages of an invitation link: answer once (or save for later), unsubscribe.

Both live under /r/ (public). Another workspace's slug or an unknown token is a 404. Answering
counts against the public rate limit as a survey link does; unsubscribing does not (a mail
provider's one-click POSTs for many people come from few addresses, and it stores at most one
row per person).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from servicegap.channels.ratelimit import public_post
from servicegap.core.web import workspace_for_slug
from servicegap.invitations import answering
from servicegap.invitations.models import Invitation
from servicegap.surveys.answering import build_fields, read_answers
from servicegap.surveys.models import Question
from servicegap.surveys.respond import answerable, handle_survey
from servicegap.surveys.respond_text import pick_language, words


def _invitation(slug: str, token: str) -> Invitation:
    invitation = answering.find(workspace_for_slug(slug), token)
    if invitation is None:
        raise Http404("no such invitation")
    return invitation


def _page(request, invitation: Invitation, template: str, status: int = 200, **extra):
    context = {
        "ws": invitation.workspace,
        "invitation": invitation,
        "survey": invitation.survey,
        "lang": "en",
    }
    return render(request, f"invitations/{template}", context | extra, status=status)


def _draft(request, invitation: Invitation) -> list[dict]:
    """The answers given so far, each checked like a submission (invalid ones are dropped)."""
    survey = invitation.survey
    lang = pick_language(
        survey.languages, request.GET.get("lang", ""), request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    )
    w = words(lang)
    questions = Question.objects.of(invitation.workspace_id).filter(
        survey=survey, survey_version=survey.version
    )
    fields = build_fields(
        questions.order_by("position", "pk"), survey.scale_max, lang, survey.languages, w
    )
    shown, _complete = read_answers(fields, request.POST, w)
    return [a for _field, given in shown for a in given]


@require_http_methods(["GET", "POST"])
def answer(request, slug: str, token: str) -> HttpResponse:
    invitation = _invitation(slug, token)
    if invitation.responded_at is not None:
        return _page(request, invitation, "answered.html", 409 if request.method == "POST" else 200)
    if answering.is_expired(invitation) or not answerable(invitation.survey):
        return _page(request, invitation, "expired.html", 410)
    # Each POST that stores (send, or save for later) counts against the public rate limit of
    # the address (handle_survey counts the send; moving between pages stores nothing); a
    # refused one is the form again with 429 and Retry-After (handle_survey), nothing stored.
    later = request.method == "POST" and "later" in request.POST
    wait = public_post(request, invitation.workspace) if later else None
    if request.method == "GET":
        answering.mark_opened(invitation)
    elif later and not wait:
        if not answering.save_draft(invitation, {"answers": _draft(request, invitation)}):
            return _page(request, invitation, "answered.html", 409)
        return _page(request, invitation, "saved.html")
    try:
        return handle_survey(
            request,
            invitation.workspace,
            invitation.survey,
            context_extra={"form_action": request.path, "save_later": "Save and finish later"},
            on_saved=lambda response: answering.mark_responded(invitation, response),
            initial=invitation.draft.get("answers") or [],
            data_extra={"respondent": answering.respondent(invitation)},
            retry_after=wait,
        )
    except answering.AlreadyAnswered:
        # A second submission of the same link raced the first: nothing of it was stored.
        return _page(request, invitation, "answered.html", 409)


@csrf_exempt  # RFC 8058 one-click: the mail provider POSTs without a form; the token is the secret
@require_http_methods(["GET", "POST"])
def unsubscribe(request, slug: str, token: str) -> HttpResponse:
    invitation = _invitation(slug, token)
    if request.method == "POST":
        answering.unsubscribe(invitation)
        return _page(request, invitation, "unsubscribed.html")
    # A GET only shows the button: mail clients and scanners prefetch links.
    return _page(request, invitation, "unsubscribe.html")
