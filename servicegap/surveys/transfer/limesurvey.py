"""`servicegap import limesurvey FILE.lss`: a LimeSurvey survey structure becomes a draft survey.

The XML is read safely (servicegap.lib.xmlread), mapped by servicegap.lib.limesurvey_map, and
written in one transaction. Every question type or feature that does not map is in the report.
"""

from __future__ import annotations

from typing import Any

from servicegap.lib.limesurvey import read
from servicegap.lib.limesurvey_map import CODE_MAX, Plan, plan
from servicegap.lib.xmlread import XmlError
from servicegap.transfer.filekinds import Options, Report
from servicegap.transfer.registry import Kind, Problem, Rejected, TransferError

KIND = Kind(name="limesurvey", columns=())


def xml_error(filename: str, exc: XmlError) -> TransferError:
    """``FILE:LINE: XML: reason``, or ``FILE: reason`` for the whole file."""
    if exc.line:
        return TransferError(Problem(exc.line, "XML", exc.reason).show(filename))
    return TransferError(f"{filename}: {exc.reason}")


def create_survey(
    workspace: Any, filename: str, code: str, mapped: Plan, template_line: int = 1
) -> Report:
    """Check ``mapped`` against the workspace, then write the draft survey and its questions."""
    from servicegap.standards.models import Standard
    from servicegap.surveys.models import Question, Survey

    problems = [Problem(e.line, e.code, e.reason) for e in mapped.errors]
    if not code or len(code) > CODE_MAX or "|" in code or "." in code:
        problems.append(Problem(template_line, "code", f"{code!r} is not a usable survey code"))
    elif Survey.objects.of(workspace).filter(code=code).exists():
        problems.append(
            Problem(template_line, "code", f"a survey {code} exists; give another with --code")
        )
    standards = set(
        Standard.objects.of(workspace)
        .filter(code__in=[q.code for q in mapped.questions])
        .values_list("code", flat=True)
    )
    for q in mapped.questions:
        if q.code in standards:
            reason = "is the code of a standard; question and standard codes share one namespace"
            problems.append(Problem(q.line, q.code, reason))
    if problems:
        raise Rejected(filename, problems)
    survey = Survey.objects.create(
        workspace=workspace,
        code=code,
        title=mapped.title[:300],
        scale_max=mapped.scale_max,
        languages=mapped.languages,
    )
    Question.objects.bulk_create(
        Question(
            workspace=workspace,
            survey=survey,
            survey_version=survey.version,
            code=q.code,
            kind=q.kind,
            text=q.text,
            options=q.options,
            rows=q.rows,
            required=q.required,
            position=position,
            condition=q.condition,
        )
        for position, q in enumerate(mapped.questions, start=1)
    )
    report = Report(created=len(mapped.questions), kind=KIND.name)
    report.unsupported = [Problem(u.line, u.code, u.reason) for u in mapped.unsupported]
    report.details = {"survey": code, "questions": len(mapped.questions), "title": survey.title}
    return report


def import_file(workspace: Any, data: bytes, filename: str, options: Options) -> Report:
    try:
        survey = read(data)
    except XmlError as exc:
        raise xml_error(filename, exc) from None
    mapped = plan(survey, workspace.scale_max)
    report = create_survey(workspace, filename, options.code or f"LS{survey.sid}", mapped)
    report.kind = KIND.name
    return report
