"""Creating, editing and publishing surveys, version by version.

``survey.version`` is the version respondents answer (and responses record). Editing a survey
whose current version is published (or has answers) first copies its questions to the next
version and edits the copy; publishing makes that copy the current version. So a past response
keeps meaning what it meant: its ``survey_version`` still has the questions it answered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from servicegap.competitors.models import Competitor
from servicegap.core.models import Workspace
from servicegap.lib.errors import FieldError
from servicegap.lib.scales import RESPONSE_KINDS
from servicegap.standards.models import Standard
from servicegap.surveys.models import Question, Response, Survey, SurveyStatus
from servicegap.surveys.templates_catalogue import (
    NO_COMPETITOR,
    TEMPLATES,
    QuestionSpec,
    TemplateChoices,
)

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


class BuildError(FieldError):
    """A builder change is refused; ``field`` names the form field to show it next to."""

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def check_code(
    workspace: Workspace, code: str, standard: Standard | None, field: str = "code"
) -> None:
    """Question codes share one namespace with standard codes: refuse a clash."""
    if not CODE_RE.match(code or ""):
        raise BuildError(field, "use letters, digits, - and _ (at most 64, no dots or spaces)")
    clash = Standard.objects.of(workspace).filter(code=code).first()
    if clash is not None and (standard is None or clash.pk != standard.pk):
        raise BuildError(
            field, f"{code} is the code of the standard “{clash.title}”; choose another code"
        )


def questions_of(survey: Survey, version: int):
    return Question.objects.of(survey.workspace).filter(survey=survey, survey_version=version)


def working_version(survey: Survey) -> int:
    """The version the builder shows: a pending next version if there is one."""
    top = questions_of_all(survey).aggregate(top=Max("survey_version"))["top"] or 0
    return max(top, survey.version)


def questions_of_all(survey: Survey):
    return Question.objects.of(survey.workspace).filter(survey=survey)


def has_pending_version(survey: Survey) -> bool:
    return working_version(survey) > survey.version


def _frozen(survey: Survey) -> bool:
    if survey.status != SurveyStatus.DRAFT:
        return True
    answered = Response.objects.of(survey.workspace).filter(
        survey=survey, survey_version=survey.version
    )
    return answered.exists()


@transaction.atomic
def begin_edit(survey: Survey) -> int:
    """The version to edit; copies the current one to the next when it may not change."""
    version = working_version(survey)
    if version > survey.version or not _frozen(survey):
        return version
    new = survey.version + 1
    copies = []
    for q in questions_of(survey, survey.version):
        q.pk = None
        q.survey_version = new
        copies.append(q)
    Question.objects.bulk_create(copies)
    return new


def editable(survey: Survey, question: Question) -> Question:
    """The copy of ``question`` in the version being edited (made on first change)."""
    version = begin_edit(survey)
    if question.survey_version == version:
        return question
    return questions_of(survey, version).get(code=question.code, kind=question.kind)


@transaction.atomic
def add_questions(survey: Survey, specs: Iterable[QuestionSpec], version: int | None = None):
    version = version or begin_edit(survey)
    existing = questions_of(survey, version)
    position = (existing.aggregate(top=Max("position"))["top"] or 0) + 1
    taken = set(existing.values_list("code", "kind"))
    made = []
    for spec in specs:
        check_code(survey.workspace, spec.code, spec.standard)
        if (spec.code, spec.kind) in taken:
            raise BuildError("code", f"this survey already asks {spec.kind} of {spec.code}")
        if spec.kind in RESPONSE_KINDS and any(kind == spec.kind for _c, kind in taken):
            raise BuildError("qtype", f"a survey asks {spec.kind} once; it is already there")
        taken.add((spec.code, spec.kind))
        made.append(
            Question(
                workspace=survey.workspace,
                survey=survey,
                survey_version=version,
                code=spec.code,
                kind=spec.kind,
                text=spec.text,
                standard=spec.standard,
                options=spec.options,
                rows=spec.rows,
                required=spec.required,
                multiple=spec.multiple,
                condition=spec.condition,
                position=position,
            )
        )
        position += 1
    return Question.objects.bulk_create(made)


def competitor_options(workspace: Workspace, choices: TemplateChoices) -> list[dict]:
    """The competitor comparison's options: the workspace's competitors; refused without any
    (nobody to compare with) or without a standard (nothing to compare on)."""
    found = [
        {"code": code, "label": name}
        for code, name in Competitor.objects.of(workspace).values_list("code", "name")
    ]
    if not found:
        raise BuildError(
            "template",
            "this workspace has no competitors yet: import them first "
            "(servicegap import competitors FILE, columns code,name)",
        )
    if any(c["code"].lower() == NO_COMPETITOR for c in found):
        raise BuildError("template", f"a competitor coded {NO_COMPETITOR!r} clashes with the "
                         "answer “none”; give it another code")  # fmt: skip
    if not choices.standards:
        raise BuildError("standards", "choose at least one standard to compare on")
    return found


@transaction.atomic
def create_survey(
    workspace: Workspace, *, code: str, title: str, template: str, scale_max: int, languages: list[str],
    choices: TemplateChoices, touchpoint=None, supplier=None,
) -> Survey:  # fmt: skip
    check_code(workspace, code, None)
    if Survey.objects.of(workspace).filter(code=code).exists():
        raise BuildError("code", f"a survey with code {code} exists already")
    perspective, make = TEMPLATES[template]
    if template == "pulse" and touchpoint is None:
        raise BuildError("touchpoint", "a touchpoint pulse needs its touchpoint")
    if template == "competitors":
        choices.competitors = competitor_options(workspace, choices)
    survey = Survey.objects.create(
        workspace=workspace,
        code=code,
        title=title,
        template=template,
        perspective=perspective,
        scale_max=scale_max,
        languages=languages or ["en"],
        touchpoint=touchpoint,
        supplier=supplier if perspective == "internal" else None,
    )
    offered = touchpoint.standards.filter(retired=False) if touchpoint else None
    at_touchpoint = list(offered.order_by("code")) if offered is not None else []
    add_questions(survey, make(choices, at_touchpoint), version=1)
    return survey


@transaction.atomic
def move(survey: Survey, question: Question, step: int) -> None:
    question = editable(survey, question)
    ordered = list(questions_of(survey, question.survey_version).order_by("position", "pk"))
    i = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    j = i + step
    if 0 <= j < len(ordered):
        ordered[i], ordered[j] = ordered[j], ordered[i]
    for position, q in enumerate(ordered, start=1):
        if q.position != position:
            q.position = position
            q.save(update_fields=["position"])


@transaction.atomic
def remove(survey: Survey, question: Question) -> None:
    editable(survey, question).delete()


@transaction.atomic
def publish(survey: Survey) -> None:
    version = working_version(survey)
    if not questions_of(survey, version).exists():
        raise BuildError("survey", "add at least one question before publishing")
    survey.version = version
    survey.status = SurveyStatus.PUBLISHED
    survey.save(update_fields=["version", "status"])


@transaction.atomic
def discard_pending(survey: Survey) -> None:
    questions_of_all(survey).filter(survey_version__gt=survey.version).delete()


def set_status(survey: Survey, status: str) -> None:
    survey.status = status
    survey.save(update_fields=["status"])
