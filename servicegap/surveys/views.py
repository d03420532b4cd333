"""The survey builder under /w/<slug>/surveys/: owners and leaders build; managers read.

Managers see the list and each survey (its questions, public link and QR codes, to put up at
their unit) but cannot change anything; employees do not see surveys at all (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from servicegap.accounts.models import Role
from servicegap.core.audit import record
from servicegap.core.baseurl import base_url
from servicegap.core.forms import show_error
from servicegap.core.models import Workspace
from servicegap.core.web import workspace_view
from servicegap.lib.scales import PROTECTED_PERSPECTIVES, RESPONSE_KINDS
from servicegap.surveys import builder
from servicegap.surveys.forms import NewSurveyForm, QuestionForm, SettingsForm, unparse_lines
from servicegap.surveys.models import Question, Response, Survey, SurveyStatus
from servicegap.surveys.qr import qr_response
from servicegap.surveys.respond_text import localised
from servicegap.surveys.templates_catalogue import (
    COMPETITOR_QUESTION,
    QUESTION_TYPES,
    TemplateChoices,
    question_type,
    specs_for_type,
)

BUILDERS = (Role.OWNER, Role.LEADER)
READERS = (Role.OWNER, Role.LEADER, Role.MANAGER)


def _survey(request, code: str) -> Survey:
    return get_object_or_404(Survey.objects.of(request.workspace), code=code)


def _question(request, survey: Survey, pk: int) -> Question:
    return get_object_or_404(Question.objects.of(request.workspace).filter(survey=survey), pk=pk)


def public_url(survey: Survey) -> str:
    path = reverse("survey_respond", kwargs={"slug": survey.workspace.slug, "survey": survey.code})
    return base_url() + path


def _detail(survey: Survey):
    return redirect("survey_detail", slug=survey.workspace.slug, survey=survey.code)


@workspace_view(*READERS)
def survey_list(request) -> HttpResponse:
    surveys = Survey.objects.of(request.workspace).select_related("touchpoint").order_by("code")
    can_build = request.membership.role in BUILDERS
    return render(request, "surveys/list.html", {"surveys": surveys, "can_build": can_build})


@workspace_view(*BUILDERS)
def survey_new(request) -> HttpResponse:
    form = NewSurveyForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        choices = TemplateChoices(
            standards=list(d["standards"]),
            importance=d["importance"],
            zone=d["zone"],
            overall=d["overall"],
            nps=d["nps"],
            comment=d["comment"],
            reasons=d["reasons"],
        )
        try:
            survey = builder.create_survey(
                request.workspace,
                code=d["code"],
                title=d["title"],
                template=d["template"],
                scale_max=d["scale_max"],
                languages=d["languages"],
                choices=choices,
                touchpoint=d["touchpoint"],
                supplier=d["supplier"],
            )
        except builder.BuildError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Survey {survey.code} created as a draft.")
            return _detail(survey)
    status = 400 if form.errors else 200
    return render(request, "surveys/new.html", {"form": form}, status=status)


@workspace_view(*READERS)
def survey_detail(request, survey: str) -> HttpResponse:
    s = _survey(request, survey)
    can_build = request.membership.role in BUILDERS
    version = builder.working_version(s) if can_build else s.version
    questions = list(builder.questions_of(s, version).select_related("standard"))
    for q in questions:
        q.qtype_label = QUESTION_TYPES.get(question_type(q.kind, q.rows, q.multiple), q.kind)
        if q.kind == "choice" and q.code == COMPETITOR_QUESTION:
            q.qtype_label = "Competitor question: names the company rated as “that other company”"
        q.missing = [lang for lang in s.languages if not q.text.get(lang)]
        q.display = localised(q.text, s.languages[0] if s.languages else "en", s.languages)
    context = {
        "s": s,
        "questions": questions,
        "version": version,
        "pending": version > s.version,
        "can_build": can_build,
        "public_url": public_url(s),
        "responses": _responses(request.workspace, s),
    }
    return render(request, "surveys/detail.html", context)


def _responses(workspace: Workspace, s: Survey) -> str:
    """How many answered; for an employee, leader or internal survey only past the anonymity
    threshold (a hidden group's n is not shown either: docs/anonymity.md)."""
    count = Response.objects.of(workspace).filter(survey=s).count()
    threshold = workspace.anonymity_threshold
    if s.perspective in PROTECTED_PERSPECTIVES and 0 < count < threshold:
        return f"fewer than {threshold}"
    return str(count)


@workspace_view(*BUILDERS)
def survey_settings(request, survey: str) -> HttpResponse:
    s = _survey(request, survey)
    initial = {"title": s.title, "languages": ", ".join(s.languages)}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        s.title, s.languages = form.cleaned_data["title"], form.cleaned_data["languages"]
        s.save(update_fields=["title", "languages"])
        record(request.workspace, request.user, "survey.settings", survey=s.code, title=s.title)
        messages.success(request, "Settings saved.")
        return _detail(s)
    return render(
        request, "surveys/settings.html", {"s": s, "form": form}, status=400 if form.errors else 200
    )


@workspace_view(*BUILDERS)
@require_POST
def survey_status(request, survey: str, action: str) -> HttpResponse:
    s = _survey(request, survey)
    if action == "publish":
        try:
            builder.publish(s)
        except builder.BuildError as exc:
            messages.error(request, exc.message)
        else:
            record(
                request.workspace, request.user, "survey.publish", survey=s.code, version=s.version
            )
            messages.success(request, f"Version {s.version} is published.")
    elif action == "discard":
        builder.discard_pending(s)
        record(request.workspace, request.user, "survey.discard", survey=s.code)
        messages.success(request, "The unpublished changes are discarded.")
    else:
        status = SurveyStatus.CLOSED if action == "close" else SurveyStatus.PUBLISHED
        builder.set_status(s, status)
        record(request.workspace, request.user, f"survey.{action}", survey=s.code)
        messages.success(request, f"The survey is {status}.")
    return _detail(s)


def _earlier(survey: Survey, version: int, before: Question | None) -> list[tuple[str, str]]:
    out = []
    for q in builder.questions_of(survey, version).order_by("position", "pk"):
        if before is not None and (q.position, q.pk) >= (before.position, before.pk):
            break
        item = "" if q.kind in RESPONSE_KINDS else q.code
        out.append((f"{item}|{q.kind}", f"{q.code} ({q.kind})"))
    return out


@workspace_view(*BUILDERS)
def question_new(request, survey: str) -> HttpResponse:
    s = _survey(request, survey)
    earlier = _earlier(s, builder.working_version(s), None)
    form = QuestionForm(
        request.POST or None, workspace=request.workspace, languages=s.languages, earlier=earlier
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        texts = form.texts()
        specs = specs_for_type(
            d["qtype"],
            d["code"],
            texts.get(s.languages[0], ""),
            d["standard"],
            options=d["options"],
            rows=d["rows"],
            required=d["required"],
            condition=form.condition(),
        )
        if len(specs) == 1 and d["qtype"] != "kano":
            specs[0].text = {**specs[0].text, **texts} if texts else specs[0].text
        try:
            builder.add_questions(s, specs)
        except builder.BuildError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Question {d['code']} added.")
            return _detail(s)
    status = 400 if form.errors else 200
    return render(request, "surveys/question.html", {"s": s, "form": form}, status=status)


@workspace_view(*BUILDERS)
def question_edit(request, survey: str, question: int) -> HttpResponse:
    s = _survey(request, survey)
    q = _question(request, s, question)
    initial = {f"text_{lang}": text for lang, text in q.text.items()}
    initial |= {"options": unparse_lines(q.options), "rows": unparse_lines(q.rows)}
    initial |= {"required": q.required, "show_values": ", ".join(q.condition.get("in", []))}
    if q.condition:
        initial["show_if"] = f"{q.condition.get('item', '')}|{q.condition.get('kind', '')}"
    form = QuestionForm(
        request.POST or None,
        initial=initial,
        workspace=request.workspace,
        languages=s.languages,
        earlier=_earlier(s, q.survey_version, q),
        fixed=question_type(q.kind, q.rows, q.multiple),
    )
    if request.method == "POST" and form.is_valid():
        q = builder.editable(s, q)
        d = form.cleaned_data
        q.text = {**q.text, **form.texts()}
        q.required, q.condition = d["required"], form.condition()
        if d.get("options"):
            q.options = d["options"]
        if d.get("rows"):
            q.rows = d["rows"]
        q.save()
        messages.success(request, f"Question {q.code} saved.")
        return _detail(s)
    context = {"s": s, "q": q, "form": form, "qtype": question_type(q.kind, q.rows, q.multiple)}
    return render(request, "surveys/question.html", context, status=400 if form.errors else 200)


@workspace_view(*BUILDERS)
@require_POST
def question_change(request, survey: str, question: int, action: str) -> HttpResponse:
    s = _survey(request, survey)
    q = _question(request, s, question)
    if action == "remove":
        builder.remove(s, q)
        messages.success(request, f"Question {q.code} ({q.kind}) removed.")
    else:
        builder.move(s, q, -1 if action == "up" else 1)
    return _detail(s)


@workspace_view(*READERS)
def qr_png(request, survey: str) -> HttpResponse:
    return qr_response(_survey(request, survey), public_url, "png", "download" in request.GET)


@workspace_view(*READERS)
def qr_svg(request, survey: str) -> HttpResponse:
    return qr_response(_survey(request, survey), public_url, "svg", "download" in request.GET)
