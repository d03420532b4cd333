"""The response browser: one customer response with every answer, under /w/<slug>/responses/<id>/.

Only customer responses have a page. Employee, leader and internal responses are 404 for every
role, owners included: they are read only in groups and figures that pass the anonymity rules
(docs/anonymity.md). Managers see the responses of their units (and the units below) only; a
response without a unit is for owners and leaders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from servicegap.accounts.models import Role
from servicegap.cases.models import Case
from servicegap.core.web import workspace_view
from servicegap.lib.richtext import plain
from servicegap.surveys.models import Answer, Question, Response
from servicegap.surveys.respond_text import localised

READERS = (Role.OWNER, Role.LEADER, Role.MANAGER)


@dataclass(frozen=True)
class Shown:
    """One answer as the page shows it."""

    item: str
    question: str
    kind: str
    value: Any
    standard: str  # the title of the standard version it rated


def _value(answer: Answer) -> Any:
    if answer.value_num is None:
        return answer.value_text
    return int(answer.value_num) if answer.value_num.is_integer() else answer.value_num


def _shown(response: Response) -> list[Shown]:
    answers = list(response.answers.order_by("pk").select_related("standard_version"))
    texts: dict[str, Any] = {}
    if response.survey_id is not None and response.survey_version is not None:
        questions = Question.objects.of(response.workspace_id).filter(
            survey_id=response.survey_id, survey_version=response.survey_version
        )
        texts = dict(questions.values_list("code", "text"))
    languages = list(response.survey.languages or []) if response.survey else []
    return [
        Shown(
            item=a.item,
            question=plain(localised(texts.get(a.item.split(".", 1)[0], ""), "en", languages)),
            kind=a.kind,
            value=_value(a),
            standard=a.standard_version.title if a.standard_version else "",
        )
        for a in answers
    ]


@workspace_view(*READERS)
def response_detail(request, response_id: int) -> HttpResponse:
    ws, scope = request.workspace, request.unit_scope
    response = get_object_or_404(
        Response.objects.of(ws)
        .filter(perspective="customer")
        .select_related("unit", "touchpoint", "survey", "employee"),
        pk=response_id,
    )
    if scope is not None and (response.unit is None or response.unit.code not in scope):
        raise Http404("not this member's unit")
    context = {
        "response": response,
        "answers": _shown(response),
        "case": Case.objects.of(ws).filter(response=response).first(),
        "contact": response.contact if response.contact_consent_at else "",
    }
    return render(request, "surveys/response.html", context)
