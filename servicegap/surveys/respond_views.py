"""The public survey link /r/<workspace>/s/<survey>/: no login; only published surveys answer."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.csrf import ensure_csrf_cookie

from servicegap.core.models import Workspace
from servicegap.core.web import workspace_for_slug
from servicegap.surveys.models import Survey, SurveyStatus
from servicegap.surveys.respond import handle_survey
from servicegap.surveys.respond_text import pick_language, words


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
    return handle_survey(request, workspace, s, thanks_url=f"{thanks}?{urlencode({'lang': lang})}")


def survey_thanks(request, slug: str, survey: str) -> HttpResponse:
    workspace, s = _open_survey(slug, survey)
    lang = _lang(request, s)
    return render(
        request,
        "surveys/thanks.html",
        {"survey": s, "ws": workspace, "lang": lang, "w": words(lang)},
    )
