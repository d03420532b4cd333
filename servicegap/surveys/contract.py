"""The response contract: turning one submitted response into stored rows, or a clear error.

Every way in (API ingest, importers, respondent pages, the demo) goes through ``record_response``
or, for many responses at once, through the same two steps it is made of: ``prepare_response``
(every rule, no writes; code lookups cached in a ``Lookups``) and ``store_responses`` (bulk
inserts). So a response means the same thing whichever way it arrived.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import connection, transaction

from servicegap.aggregates import cells
from servicegap.competitors.models import Competitor
from servicegap.core import ingest
from servicegap.core.models import Workspace
from servicegap.journeys.models import Touchpoint
from servicegap.lib.errors import FieldError
from servicegap.lib.scales import (
    COMPETITOR_KIND,
    DIMENSIONS,
    PERSON_KIND_OF_PERSPECTIVE,
    PERSPECTIVES,
    SERVQUAL,
    TEXT_KINDS,
    AnswerError,
    CleanAnswer,
    clean_answer,
)
from servicegap.people.models import Person, Unit
from servicegap.runtime.bulk import insert_objects, insert_rows, new_instance
from servicegap.standards.models import Standard, StandardVersion
from servicegap.surveys.models import Answer, Question, Response, Survey

MAX_ANSWERS = 1000
MAX_PERSON_CODE = 64
ANSWER_FIELDS = (
    "workspace", "response", "item", "kind", "value_num", "value_text", "standard_version",
    "competitor",
)  # fmt: skip


class ResponseError(FieldError):
    """A response breaks the contract; ``field`` is a path such as ``answers[2].value``."""

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class VersionRef(NamedTuple):
    """What an answer needs of the standard version it rates."""

    pk: int
    target: float | None


_Checked = tuple[CleanAnswer, VersionRef | None]  # an answer and the version it rates


@dataclass
class _Item:
    """A resolved item: a standard (with its current version, when it has one) or a question."""

    version: VersionRef | None = None


# Hand-written SQL: every response resolves its standards, and compiling the ORM's join cost
# more than the rest of its validation (docs/performance.md).
CURRENT_VERSIONS = """
SELECT s.code, v.id, v.target FROM {versions} v JOIN {standards} s ON s.id = v.standard_id
WHERE s.workspace_id = %s AND v.workspace_id = %s AND v.version = s.version AND s.code IN ({codes})
"""


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
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 or 9999-12-31T23:59-01:00 in UTC
        raise ResponseError("submitted_at", f"{value!r} is out of range in UTC") from None


def _zone(value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        raise ResponseError("time_zone", f"{value!r} is not an IANA time zone name") from None
    return str(value)


class Lookups:
    """The workspace's codes (units, touchpoints, surveys, standards, questions), each looked up
    once: one instance per response in ``record_response``, one per file in an importer."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.codes: dict[tuple[type, str], Any] = {}
        self.items: dict[tuple[int | None, str], _Item | None] = {}
        self.known: dict[int | None, set[str]] = {}  # items resolved, by survey id
        # A checked answer, its resolved version and its key for the answered-twice rule, by
        # (survey id, item, kind, value, scale_max), all text: clean_answer is deterministic and
        # its result immutable, and an item resolves once per Lookups, so a file's repeated
        # answers are checked once.
        self.answers: dict[tuple[Any, ...], tuple[_Checked, tuple[str, str, str]]] = {}

    def by_code(self, model, field: str, code: Any):
        if code in (None, ""):
            return None
        key = (model, str(code))
        if key not in self.codes:
            self.codes[key] = model.objects.of(self.workspace).filter(code=str(code)).first()
        if self.codes[key] is None:
            raise ResponseError(field, f"no {field} with code {code!r} in this workspace")
        return self.codes[key]

    def item(self, survey: Survey | None, item: str) -> _Item | None:
        """A standard code, or a question code (of the survey, when there is one)."""
        key = (survey.pk if survey else None, item)
        if key not in self.items:
            self.items[key] = self._lookup(survey, item)
        return self.items[key]

    def prefetch(self, survey: Survey | None, items: set[str]) -> None:
        """Resolve many items in two queries instead of two per item."""
        sid = survey.pk if survey else None
        done = self.known.setdefault(sid, set())
        todo = items - done
        if not todo:
            return
        done.update(todo)
        todo = {i for i in todo if (sid, i) not in self.items}
        if not todo:
            return
        # One query: each named standard with its current version (Standard.version).
        sql = CURRENT_VERSIONS.format(
            versions=StandardVersion._meta.db_table,
            standards=Standard._meta.db_table,
            codes=", ".join(["%s"] * len(todo)),
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.workspace.pk, self.workspace.pk, *sorted(todo)])
            for code, pk, target in cursor.fetchall():
                self.items[(sid, code)] = _Item(VersionRef(pk, target))
                todo.discard(code)
        if todo:  # a standard saved without a version (not through save_version)
            for code in (
                Standard.objects.of(self.workspace)
                .filter(code__in=todo)
                .values_list("code", flat=True)
            ):
                self.items[(sid, code)] = _Item(None)
                todo.discard(code)
        if not todo:
            return
        roots = {i.split(".", 1)[0] for i in todo}  # a matrix row is QUESTION.ROW
        questions = Question.objects.of(self.workspace).filter(code__in=roots)
        if survey is not None:
            questions = questions.filter(survey=survey)
        known = set(questions.values_list("code", flat=True))
        for i in todo:
            self.items[(sid, i)] = _Item(None) if i.split(".", 1)[0] in known else None

    def _lookup(self, survey: Survey | None, item: str) -> _Item | None:
        self.prefetch(survey, {item})
        return self.items[(survey.pk if survey else None, item)]


def clean_answers(lookups: Lookups, survey: Survey | None, answers: Any, scale_max: int):
    """The answers as (CleanAnswer, VersionRef | None) pairs; ResponseError otherwise."""
    if not isinstance(answers, list) or not answers:
        raise ResponseError("answers", "at least one answer is required")
    if len(answers) > MAX_ANSWERS:
        raise ResponseError("answers", f"at most {MAX_ANSWERS} answers per response")
    items = {a["item"] for a in answers if isinstance(a, dict) and type(a.get("item")) is str}
    lookups.prefetch(survey, {str(i).strip() for i in items} - {""})
    seen: set[tuple[str, str, str]] = set()
    cleaned: list[_Checked] = []
    cache = lookups.answers
    sid = survey.pk if survey else None
    for i, raw in enumerate(answers):
        if not isinstance(raw, dict):
            raise ResponseError(f"answers[{i}]", "each answer is an object {item, kind, value}")
        item, kind, value = raw.get("item"), str(raw.get("kind") or ""), raw.get("value")
        key = (sid, item, kind, value, scale_max)
        known = cache.get(key) if type(item) is str and type(value) is str else None
        if known is not None:
            checked, twice = known
        else:
            checked, twice = _check_answer(lookups, survey, i, item, kind, value, scale_max)
            if type(item) is str and type(value) is str and kind not in TEXT_KINDS:
                cache[key] = (checked, twice)
        checked, twice = _competitor(lookups, i, raw.get("competitor"), checked, twice)
        if twice in seen:
            answer = checked[0]
            raise ResponseError(
                f"answers[{i}]",
                f"{answer.kind} of {answer.item or 'the response'} is answered twice",
            )
        seen.add(twice)
        cleaned.append(checked)
    return cleaned


def _competitor(
    lookups: Lookups, i: int, code: Any, checked: _Checked, twice: tuple[str, str, str]
) -> tuple[_Checked, tuple[str, str, str]]:
    """A competitor_experience answer names its competitor (a code of servicegap.competitors);
    no other kind takes one. Two competitors rated on one standard are two answers."""
    answer, version = checked
    field = f"answers[{i}].competitor"
    code = "" if code is None else str(code).strip()
    if answer.kind != COMPETITOR_KIND:
        if code:
            raise ResponseError(
                field,
                f"a competitor is named only on a {COMPETITOR_KIND} answer, not {answer.kind}",
            )
        return checked, twice
    if not code:
        raise ResponseError(field, f"a {COMPETITOR_KIND} answer needs a competitor code")
    key = (Competitor, code)
    if key not in lookups.codes:
        lookups.codes[key] = Competitor.objects.of(lookups.workspace).filter(code=code).first()
    if lookups.codes[key] is None:
        raise ResponseError(field, f"no competitor with code {code!r} in this workspace")
    return (replace(answer, competitor=code), version), (answer.item, answer.kind, code)


def _check_answer(
    lookups: Lookups, survey: Survey | None, i: int, item: Any, kind: str, value: Any, scale: int
) -> tuple[_Checked, tuple[str, str, str]]:
    """One answer checked and resolved, and its key for the answered-twice rule."""
    try:
        answer = clean_answer(item, kind, value, scale)
    except AnswerError as exc:
        raise ResponseError(f"answers[{i}].{exc.field}", exc.message) from None
    resolved = None
    if answer.item and answer.kind != "importance":
        resolved = lookups.item(survey, answer.item)
        if resolved is None:
            raise ResponseError(
                f"answers[{i}].item", f"no standard or question with code {answer.item!r}"
            )
    elif answer.kind == "importance" and answer.item not in DIMENSIONS + SERVQUAL:
        raise ResponseError(f"answers[{i}].item", "importance is given to a dimension")
    twice = (answer.item, answer.kind, answer.value_text if answer.kind == "choice" else "")
    return (answer, resolved.version if resolved is not None else None), twice


def _employee(lookups: Lookups, code: Any, perspective: str) -> Person | None:
    """The employee who served: a person of kind employee, named on customer responses only (an
    employee's own view has its respondent; naming a colleague there would undo its anonymity)."""
    if code in (None, ""):
        return None
    if perspective != "customer":
        raise ResponseError("employee", "only a customer response names the employee who served")
    person = lookups.by_code(Person, "employee", code)
    if person.kind != "employee":
        raise ResponseError("employee", f"{code!r} is a {person.kind}, not an employee")
    return person


@dataclass
class Prepared:
    """A response that passed the contract, not yet stored: the response row, its answers (each
    with the version of the standard it rates) and the respondent's code."""

    response: Response
    answers: list[tuple[CleanAnswer, VersionRef | None]]
    respondent: str = ""
    respondent_kind: str = ""


def prepare_response(lookups: Lookups, data: Any, external_id: str = "") -> Prepared:
    """Check a response against every rule of the contract; writes nothing."""
    workspace = lookups.workspace
    if not isinstance(data, dict):
        raise ResponseError("", "a response is a JSON object")
    perspective = data.get("perspective")
    if perspective not in PERSPECTIVES:
        raise ResponseError("perspective", f"must be one of {', '.join(PERSPECTIVES)}")
    time_zone = _zone(data.get("time_zone"))
    submitted_at = parse_submitted_at(data.get("submitted_at"), time_zone)
    touchpoint = lookups.by_code(Touchpoint, "touchpoint", data.get("touchpoint"))
    unit = lookups.by_code(Unit, "unit", data.get("unit")) or (
        touchpoint.unit if touchpoint else None
    )
    supplier = lookups.by_code(Unit, "supplier", data.get("supplier"))
    if supplier is not None and perspective != "internal":
        raise ResponseError(
            "supplier", "a supplier unit is rated only from the internal perspective"
        )
    survey = lookups.by_code(Survey, "survey", data.get("survey"))
    employee = _employee(lookups, data.get("employee"), perspective)
    scale_max = survey.scale_max if survey else workspace.scale_max
    cleaned = clean_answers(lookups, survey, data.get("answers"), scale_max)
    code = data.get("respondent")
    code = "" if code in (None, "") else str(code)
    if len(code) > MAX_PERSON_CODE:
        raise ResponseError("respondent", f"a person code has at most {MAX_PERSON_CODE} characters")
    response = new_instance(
        Response, workspace=workspace, submitted_at=submitted_at, time_zone=time_zone,
        perspective=perspective, unit=unit, supplier=supplier, touchpoint=touchpoint,
        survey=survey, survey_version=survey.version if survey else None, scale_max=scale_max,
        external_id=external_id, employee=employee,
    )  # fmt: skip
    return Prepared(response, cleaned, code, PERSON_KIND_OF_PERSPECTIVE[perspective])


def _ids(workspace: Workspace, codes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(codes), 500):
        people = Person.objects.of(workspace).filter(code__in=codes[start : start + 500])
        found.update(people.values_list("code", "id"))
    return found


def _people(workspace: Workspace, prepared: list[Prepared]) -> dict[str, int]:
    """Person ids by code; unknown codes become people of their perspective's kind."""
    kinds: dict[str, str] = {}
    for p in prepared:
        if p.respondent:
            kinds.setdefault(p.respondent, p.respondent_kind)
    found = _ids(workspace, list(kinds))
    missing = [c for c in kinds if c not in found]
    if missing:
        Person.objects.bulk_create(
            [Person(workspace=workspace, code=c, kind=kinds[c]) for c in missing],
            batch_size=500,
            ignore_conflicts=True,  # created meanwhile by a concurrent request: use theirs
        )
        found.update(_ids(workspace, missing))
    return found


@transaction.atomic(savepoint=False)
def store_responses(
    workspace: Workspace, prepared: list[Prepared], *, live: bool = False
) -> list[Response]:
    """Store prepared responses and their answers: ids reserved first, then raw multi-row inserts
    (COPY on PostgreSQL); the ORM's per-value machinery would cost more than the inserts. Inside
    a caller's transaction it takes no savepoint of its own: a failure here fails the caller's
    whole transaction, as every caller wants (two statements less for each API response).
    ``live``: the responses came in live, not through an import (``servicegap.core.ingest``)."""
    people = _people(workspace, prepared)
    responses = [p.response for p in prepared]
    for p in prepared:
        p.response.respondent_id = people[p.respondent] if p.respondent else None
    insert_objects(Response, responses)  # sets the ids
    wid = workspace.pk
    rows = (
        (wid, rid, a.item, a.kind, a.value_num, a.value_text, v and v.pk, a.competitor)
        for rid, p in zip((r.pk for r in responses), prepared, strict=True)
        for a, v in p.answers
    )
    insert_rows(Answer, ANSWER_FIELDS, rows)
    cells.record(workspace, [(r, p.answers) for r, p in zip(responses, prepared, strict=True)])
    answers = [[a for a, _v in p.answers] for p in prepared]
    ingest.announce(ingest.Stored("response", workspace, responses, live, answers))
    return responses


@transaction.atomic
def record_response(
    workspace: Workspace, data: dict[str, Any], external_id: str = "", *, live: bool = False
) -> Response:
    """Validate a response against the contract and store it with one row per answer."""
    prepared = prepare_response(Lookups(workspace), data, external_id)
    return store_responses(workspace, [prepared], live=live)[0]
