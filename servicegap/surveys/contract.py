"""The response contract: turning one submitted response into stored rows, or a clear error.

Every way in (API ingest, importers, respondent pages, the demo) goes through ``record_response``
or checks the same rules, so a response means the same thing whichever way it arrived.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction

from servicegap.core.models import Person, Unit
from servicegap.journeys.models import Touchpoint
from servicegap.lib.scales import (
    DIMENSIONS,
    PERSON_KIND_OF_PERSPECTIVE,
    PERSPECTIVES,
    SERVQUAL,
    AnswerError,
    clean_answer,
)
from servicegap.standards.models import Standard
from servicegap.surveys.models import Answer, Question, Response, Survey

MAX_ANSWERS = 1000


class ResponseError(ValueError):
    """A response breaks the contract; ``field`` is a path such as ``answers[2].value``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass
class _Item:
    standard: Standard | None


def parse_submitted_at(value: Any, time_zone: str) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise ResponseError("submitted_at", "an ISO 8601 date and time is required")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ResponseError("submitted_at", f"{value!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        if not time_zone:
            raise ResponseError(
                "submitted_at", "give a UTC offset (e.g. Z or +01:00) or a time_zone"
            )
        moment = moment.replace(tzinfo=ZoneInfo(time_zone))
    return moment.astimezone(UTC)


def _zone(value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ResponseError("time_zone", f"{value!r} is not an IANA time zone name") from None
    return str(value)


def _by_code(model, workspace, field: str, code: Any):
    if code in (None, ""):
        return None
    obj = model.objects.of(workspace).filter(code=str(code)).first()
    if obj is None:
        raise ResponseError(field, f"no {field} with code {code!r} in this workspace")
    return obj


class _Items:
    """Resolves answer items (standard or question codes, one namespace) once per response."""

    def __init__(self, workspace, survey: Survey | None) -> None:
        self.workspace = workspace
        self.survey = survey
        self.cache: dict[str, _Item | None] = {}

    def resolve(self, item: str) -> _Item | None:
        if item not in self.cache:
            self.cache[item] = self._lookup(item)
        return self.cache[item]

    def _lookup(self, item: str) -> _Item | None:
        standard = Standard.objects.of(self.workspace).filter(code=item).first()
        if standard is not None:
            return _Item(standard)
        question_code = item.split(".", 1)[0]  # a matrix row is QUESTION.ROW
        questions = Question.objects.of(self.workspace).filter(code=question_code)
        if self.survey is not None:
            questions = questions.filter(survey=self.survey)
        return _Item(None) if questions.exists() else None


def clean_answers(workspace, survey: Survey | None, answers: Any, scale_max: int):
    if not isinstance(answers, list) or not answers:
        raise ResponseError("answers", "at least one answer is required")
    if len(answers) > MAX_ANSWERS:
        raise ResponseError("answers", f"at most {MAX_ANSWERS} answers per response")
    items = _Items(workspace, survey)
    seen: set[tuple[str, str, str]] = set()
    cleaned = []
    for i, raw in enumerate(answers):
        where = f"answers[{i}]"
        if not isinstance(raw, dict):
            raise ResponseError(where, "each answer is an object {item, kind, value}")
        try:
            answer = clean_answer(
                raw.get("item"), str(raw.get("kind") or ""), raw.get("value"), scale_max
            )
        except AnswerError as exc:
            raise ResponseError(f"{where}.{exc.field}", exc.message) from None
        resolved = None
        if answer.item and answer.kind != "importance":
            resolved = items.resolve(answer.item)
            if resolved is None:
                raise ResponseError(
                    f"{where}.item", f"no standard or question with code {answer.item!r}"
                )
        elif answer.kind == "importance" and answer.item not in DIMENSIONS + SERVQUAL:
            raise ResponseError(f"{where}.item", "importance is given to a dimension")
        key = (answer.item, answer.kind, answer.value_text if answer.kind == "choice" else "")
        if key in seen:
            raise ResponseError(
                where, f"{answer.kind} of {answer.item or 'the response'} is answered twice"
            )
        seen.add(key)
        version = None
        if resolved is not None and resolved.standard is not None:
            version = resolved.standard.versions.order_by("-version").first()
        cleaned.append((answer, version))
    return cleaned


@transaction.atomic
def record_response(workspace, data: dict[str, Any], external_id: str = "") -> Response:
    """Validate a response against the contract and store it with one row per answer."""
    if not isinstance(data, dict):
        raise ResponseError("", "a response is a JSON object")
    perspective = data.get("perspective")
    if perspective not in PERSPECTIVES:
        raise ResponseError("perspective", f"must be one of {', '.join(PERSPECTIVES)}")
    time_zone = _zone(data.get("time_zone"))
    submitted_at = parse_submitted_at(data.get("submitted_at"), time_zone)
    touchpoint = _by_code(Touchpoint, workspace, "touchpoint", data.get("touchpoint"))
    unit = _by_code(Unit, workspace, "unit", data.get("unit")) or (
        touchpoint.unit if touchpoint else None
    )
    supplier = _by_code(Unit, workspace, "supplier", data.get("supplier"))
    if supplier is not None and perspective != "internal":
        raise ResponseError(
            "supplier", "a supplier unit is rated only from the internal perspective"
        )
    survey = _by_code(Survey, workspace, "survey", data.get("survey"))
    scale_max = survey.scale_max if survey else workspace.scale_max
    cleaned = clean_answers(workspace, survey, data.get("answers"), scale_max)
    respondent = None
    code = data.get("respondent")
    if code not in (None, ""):
        if len(str(code)) > 64:
            raise ResponseError("respondent", "a person code has at most 64 characters")
        respondent, _ = Person.objects.of(workspace).get_or_create(
            workspace=workspace,
            code=str(code),
            defaults={"kind": PERSON_KIND_OF_PERSPECTIVE[perspective]},
        )
    response = Response.objects.create(
        workspace=workspace,
        submitted_at=submitted_at,
        time_zone=time_zone,
        perspective=perspective,
        respondent=respondent,
        unit=unit,
        supplier=supplier,
        touchpoint=touchpoint,
        survey=survey,
        survey_version=survey.version if survey else None,
        scale_max=scale_max,
        external_id=external_id,
    )
    Answer.objects.bulk_create(
        Answer(
            workspace=workspace,
            response=response,
            item=a.item,
            kind=a.kind,
            value_num=a.value_num,
            value_text=a.value_text,
            standard_version=v,
        )
        for a, v in cleaned
    )
    return response
