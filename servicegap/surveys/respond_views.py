"""The survey link /r/<workspace>/s/<survey>/: only published surveys answer. A customer survey
needs no login; an employee, leader or internal one answers only its signed-in members of the
right kind, anonymously (``servicegap.surveys.members``)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.csrf import ensure_csrf_cookie

from servicegap.core.models import Workspace
from servicegap.core.web import workspace_for_slug
from servicegap.surveys import members
from servicegap.surveys.models import Survey, SurveyStatus
from servicegap.surveys.respond import handle_survey
from servicegap.surveys.respond_text import customer_title, pick_language, words


def _open_survey(slug: str, code: str) -> tuple[Workspace, Survey]:
    workspace = workspace_for_slug(slug)
    survey = get_object_or_404(Survey.objects.of(workspace), code=code)
    if survey.status == SurveyStatus.DRAFT:
        raise Http404("no such survey")
    return workspace, survey


def _lang(request, survey: Survey) -> str:
    return pick_language(
        survey.languages, request.GET.get("lang", ""), request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    )


@ensure_csrf_cookie
def survey_page(request, slug: str, survey: str) -> HttpResponse:
    workspace, s = _open_survey(slug, survey)
    if s.status == SurveyStatus.CLOSED:
        lang = _lang(request, s)
        context = {"survey": s, "ws": workspace, "lang": lang, "w": words(lang)}
        return render(request, "surveys/closed.html", context, status=410)
    thanks = reverse("survey_thanks", kwargs={"slug": slug, "survey": s.code})
    lang = _lang(request, s)
    extra = None
    if members.needs_sign_in(s):  # before anything is drawn or read: a refusal stores nothing
        title = customer_title(s.title, s.code)
        kinds = "leaders" if s.perspective == "leader" else "employees"
        context = {"survey": s, "ws": workspace, "lang": lang, "w": words(lang), "title": title,
                   "kinds": "employees and leaders" if s.perspective == "internal" else kinds}  # fmt: skip
        allowed = members.gate(request, workspace, s, context)
        if isinstance(allowed, HttpResponse):
            return allowed
        extra = allowed
    url = f"{thanks}?{urlencode({'lang': lang})}"
    return handle_survey(request, workspace, s, thanks_url=url, data_extra=extra)


def survey_thanks(request, slug: str, survey: str) -> HttpResponse:
    workspace, s = _open_survey(slug, survey)
    lang = _lang(request, s)
    return render(
        request,
        "surveys/thanks.html",
        {"survey": s, "ws": workspace, "lang": lang, "w": words(lang)},
    )
