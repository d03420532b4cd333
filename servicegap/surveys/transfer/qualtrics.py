"""`servicegap import qualtrics-responses FILE.csv --survey CODE --map MAPPING.csv`.

Each response row of a Qualtrics export becomes one response of an existing survey, through the
response contract (``record_response``). Which column feeds which item and kind is the mapping
(docs/formats.md); without one the command prints a proposal to start from and stops.
"""

from __future__ import annotations

from typing import Any

from servicegap.lib.qualtrics import (
    META,
    NOT_ANSWERED,
    SKIP,
    Export,
    FormatError,
    QuestionInfo,
    Target,
    numbers,
    propose,
    read_export,
    read_mapping,
)
from servicegap.lib.scales import KINDS, RESPONSE_KINDS
from servicegap.transfer import csvio
from servicegap.transfer.filekinds import MappingNeeded, Options, RejectedRow, Report
from servicegap.transfer.registry import Kind, Problem, Rejected, TransferError

KIND = Kind(name="qualtrics-responses", columns=())


def _format_error(filename: str, exc: FormatError) -> TransferError:
    return TransferError(Problem(exc.line, exc.column, exc.reason).show(filename))


def read_upload(data: bytes, filename: str) -> Export:
    """The export in ``data``; a file that is not one raises TransferError with its line."""
    try:
        return read_export(csvio.decode(data, filename))
    except FormatError as exc:
        raise _format_error(filename, exc) from None


def find_survey(workspace: Any, code: str) -> Any:
    from servicegap.surveys.models import Survey

    if not code:
        raise TransferError("qualtrics-responses needs --survey CODE: the survey they answer")
    survey = Survey.objects.of(workspace).filter(code=code).first()
    if survey is None:
        raise TransferError(f"no survey with code {code!r} in this workspace")
    return survey


def current_questions(workspace: Any, survey: Any) -> list[Any]:
    """The questions of the survey's current version, in their order."""
    from servicegap.surveys.models import Question

    return list(
        Question.objects.of(workspace)
        .filter(survey=survey, survey_version=survey.version)
        .order_by("position", "pk")
    )


def proposal(workspace: Any, survey: Any, export: Export) -> str:
    """The mapping CSV to start from (printed by the CLI, pre-filled on the Imports page)."""
    infos = [
        QuestionInfo(q.code, q.kind, [o["code"] for o in q.options], [r["code"] for r in q.rows])
        for q in current_questions(workspace, survey)
    ]
    return propose(export.columns, infos, set(RESPONSE_KINDS))


def check_mapping(
    workspace: Any, survey: Any, export: Export, targets: list[Target], name: str
) -> list[Target]:
    """The mapping's answer and metadata targets; every bad line of it raises Rejected."""
    from servicegap.standards.models import Standard
    from servicegap.surveys.models import Question

    kinds_of: dict[str, set[str]] = {}  # question code -> the kinds it is answered as
    questions = Question.objects.of(workspace).filter(survey=survey)
    for code, kind in questions.values_list("code", "kind"):
        kinds_of.setdefault(code, set()).add(kind)
    standards = set(Standard.objects.of(workspace).values_list("code", flat=True))
    columns = {c.id for c in export.columns}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    used: list[Target] = []
    for t in targets:
        bad = len(problems)
        if t.column in seen:
            problems.append(Problem(t.line, "column", f"{t.column!r} is mapped twice"))
        seen.setdefault(t.column, t.line)
        if t.column not in columns:
            problems.append(Problem(t.line, "column", f"{t.column!r} is not a column of the file"))
        if t.kind not in (*KINDS, *META, SKIP):
            allowed = ", ".join((*META, SKIP, *KINDS))
            problems.append(Problem(t.line, "kind", f"{t.kind!r} is not allowed; use {allowed}"))
        elif t.kind in RESPONSE_KINDS and t.item:
            problems.append(Problem(t.line, "item", f"a {t.kind} answer takes no item"))
        elif t.kind in KINDS and t.kind not in RESPONSE_KINDS and t.kind != "importance":
            code = t.item.split(".", 1)[0]
            if code not in kinds_of and code not in standards:
                why = f"no question of survey {survey.code} or standard with code {code!r}"
                problems.append(Problem(t.line, "item", why if code else "is required"))
            elif code not in standards and t.kind not in kinds_of[code]:
                asked = " or ".join(sorted(kinds_of[code]))
                why = f"question {code} of survey {survey.code} takes {asked}, not {t.kind}"
                problems.append(Problem(t.line, "kind", why))
        if len(problems) == bad and t.kind != SKIP:
            used.append(t)
    for meta in META:
        lines = [t.line for t in used if t.kind == meta]
        if len(lines) > 1:
            problems.append(Problem(lines[1], "kind", f"{meta} is mapped twice"))
        if meta == "submitted_at" and not lines:
            line = targets[-1].line + 1 if targets else 2
            problems.append(
                Problem(line, "kind", "map one column (e.g. RecordedDate) to submitted_at")
            )
    if problems:
        raise Rejected(name, problems)
    return used


def import_file(workspace: Any, data: bytes, filename: str, options: Options) -> Report:
    from servicegap.lib.scales import PROTECTED_PERSPECTIVES
    from servicegap.surveys import protected
    from servicegap.surveys.contract import (
        Lookups,
        Prepared,
        ResponseError,
        prepare_response,
        store_responses,
    )
    from servicegap.surveys.models import Response

    export = read_upload(data, filename)
    survey = find_survey(workspace, options.survey)
    if survey.perspective in PROTECTED_PERSPECTIVES and not options.protected:
        raise TransferError(
            f"{filename}: survey {survey.code}: {protected.web_refusal(survey.perspective)}"
        )
    if options.mapping is None:
        found = ", ".join(c.id for c in export.columns)
        raise MappingNeeded(
            f"{filename} has {len(export.columns)} columns ({found}); say which column holds "
            "which answer with --map MAPPING.csv (a proposal to edit was printed on stdout; "
            "docs/formats.md explains it)",
            proposal(workspace, survey, export),
        )
    mapping_name = options.mapping_name or "mapping"
    try:
        targets = read_mapping(csvio.decode(options.mapping, mapping_name))
    except FormatError as exc:
        raise _format_error(mapping_name, exc) from None
    used = check_mapping(workspace, survey, export, targets, mapping_name)
    index = {c.id: c.index for c in export.columns}
    when = next(t for t in used if t.kind == "submitted_at")
    zone = options.time_zone or export.columns[index[when.column]].time_zone or "UTC"
    report = Report(kind=KIND.name, reject_header=[c.id for c in export.columns])
    report.details = {"survey": survey.code, "time_zone": zone}
    id_column = next((t.column for t in used if t.kind == "response_id"), "")
    ids = [_cell(cells, index[id_column]) for _, cells in export.rows] if id_column else []
    known = set(
        Response.objects.of(workspace)
        .filter(survey=survey, external_id__in=[i for i in ids if i])
        .values_list("external_id", flat=True)
    )
    problems: list[Problem] = []
    first: dict[str, int] = {}
    lookups = Lookups(workspace)
    prepared: list[Prepared] = []
    for line, cells in export.rows:
        body, sources = _response(survey, used, index, cells, zone)
        rid = _cell(cells, index[id_column]) if id_column else ""
        if rid and rid in first:
            problem = Problem(line, id_column, f"{rid} appears again (first on line {first[rid]})")
        elif rid in known:
            report.unchanged += 1
            continue
        elif not body["answers"]:
            report.skipped += 1
            report.unsupported.append(Problem(line, rid or "response", "no mapped answer"))
            continue
        else:
            if rid:
                first[rid] = line
            try:
                prepared.append(prepare_response(lookups, body, external_id=rid))
                continue
            except ResponseError as exc:
                problem = Problem(line, _source(exc.field, sources), exc.message)
        if options.skip_invalid:
            report.rejected.append(RejectedRow(line, [problem], cells))
        else:
            problems.append(problem)
    if problems:
        raise Rejected(filename, problems)
    stored = store_responses(workspace, prepared, live=options.open_cases)
    if options.protected:
        protected.note_imported(workspace, stored, "cli", "cli")
    report.created = len(prepared)
    return report


def _cell(cells: list[str], i: int) -> str:
    return cells[i].strip() if i < len(cells) else ""


def _response(
    survey: Any, used: list[Target], index: dict[str, int], cells: list[str], zone: str
) -> tuple[dict[str, Any], dict[str, str]]:
    body: dict[str, Any] = {"perspective": survey.perspective, "survey": survey.code}
    if survey.touchpoint_id:
        body["touchpoint"] = survey.touchpoint.code
    sources: dict[str, str] = {}
    answers: list[dict[str, Any]] = []
    for t in used:
        raw = _cell(cells, index[t.column])
        if t.kind in META:
            sources[t.kind] = t.column
            if t.kind == "submitted_at":
                body["submitted_at"], body["time_zone"] = raw.replace(" ", "T", 1), zone
            elif t.kind != "response_id" and raw:
                body[t.kind] = raw
            continue
        if raw in NOT_ANSWERED:
            continue
        value = t.value or raw
        multiple = numbers(value) if t.kind == "choice" and not t.value else None
        for v in multiple or [value]:
            sources[f"answers[{len(answers)}]"] = t.column
            answers.append({"item": t.item, "kind": t.kind, "value": v})
    body["answers"] = answers
    return body, sources


def _source(field: str, sources: dict[str, str]) -> str:
    """The CSV column behind a contract field such as ``answers[2].value``."""
    head = field.split(".", 1)[0]
    return sources.get(head, field or "response")
