"""`servicegap import limesurvey FILE.lss`: a LimeSurvey survey structure becomes a draft survey
(published at once with ``--publish``).

The XML is read safely (servicegap.lib.xmlread), mapped by servicegap.lib.limesurvey_map, and
written in one transaction. Every question type or feature that does not map is in the report;
a survey of which no question maps is refused with that list. A file of another kind is refused
naming what it is (servicegap.lib.filekind). An archive (.lsa) gives the survey inside it.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from servicegap.lib.filekind import described, sniff
from servicegap.lib.limesurvey import read
from servicegap.lib.limesurvey_map import CODE_MAX, Plan, plan
from servicegap.lib.xmlread import MAX_BYTES, XmlError
from servicegap.transfer.filekinds import Options, Report
from servicegap.transfer.registry import Kind, Problem, Rejected, TransferError

KIND = Kind(name="limesurvey", columns=())


def xml_error(filename: str, exc: XmlError) -> TransferError:
    """``FILE:LINE: XML: reason``, or ``FILE: reason`` for the whole file."""
    if exc.line:
        return TransferError(Problem(exc.line, "XML", exc.reason).show(filename))
    return TransferError(f"{filename}: {exc.reason}")


# What to do instead, for a file of another kind given to `import limesurvey`.
USE_INSTEAD = {
    "qsf": "use `servicegap import qualtrics-survey`",
    "xlsx": "export the survey from LimeSurvey as a survey structure (.lss) and import that",
    "xls": "export the survey from LimeSurvey as a survey structure (.lss) and import that",
    "ls-tsv": "export the survey as a survey structure (.lss) and import that",
    "ls-responses": "this command imports a survey; export its survey structure (.lss) or "
    "the survey archive (.lsa) and import that",
    "lsr": "import the survey archive (.lsa) that holds it, or the survey structure (.lss)",
    "lsq": "a single question: export the whole survey structure (.lss)",
    "lsg": "a question group: export the whole survey structure (.lss)",
}


def wrong_kind(filename: str, kind: str, advice: str) -> TransferError:
    return TransferError(f"{filename}: this is {described(kind)}; {advice}")


def archive_survey(filename: str, data: bytes) -> tuple[str, bytes]:
    """The .lss inside a LimeSurvey archive: its name and its bytes (its responses are read by
    ``surveys/transfer/lsa.py``, the ``limesurvey`` kind that calls this module)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            survey = next((i for i in infos if i.filename.lower().endswith(".lss")), None)
            if survey is None:
                raise TransferError(f"{filename}: the archive holds no survey structure (.lss)")
            if survey.file_size > MAX_BYTES:  # checked before inflating: no zip bombs
                raise TransferError(
                    f"{filename}: {survey.filename} is {survey.file_size:,} bytes; "
                    f"at most {MAX_BYTES:,} are read"
                )
            return survey.filename, archive.read(survey)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TransferError(f"{filename}: not a readable archive: {exc}") from None


def create_survey(
    workspace: Any,
    filename: str,
    code: str,
    mapped: Plan,
    template_line: int = 1,
    publish: bool = False,
) -> Report:
    """Check ``mapped`` against the workspace, then write the survey (a draft, or published with
    ``publish``) and its questions."""
    from servicegap.standards.models import Standard
    from servicegap.surveys.models import Question, Survey, SurveyStatus

    problems = [Problem(e.line, e.code, e.reason) for e in mapped.errors]
    if not mapped.questions and not mapped.errors:
        # Nothing to answer: an empty survey would look like a successful migration.
        problems = [Problem(u.line, u.code, u.reason) for u in mapped.unsupported]
        problems.append(
            Problem(template_line, "survey", "no question of this survey could be imported")
        )
        refused = Rejected(filename, problems)
        refused.args = (
            f"{filename}: no question could be imported (each is listed above); nothing was "
            "imported",
        )
        raise refused
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
        status=SurveyStatus.PUBLISHED if publish else SurveyStatus.DRAFT,
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
            multiple=q.multiple,
            limits=q.limits,
        )
        for position, q in enumerate(mapped.questions, start=1)
    )
    report = Report(created=len(mapped.questions), kind=KIND.name)
    report.unsupported = [Problem(u.line, u.code, u.reason) for u in mapped.unsupported]
    report.details = {
        "survey": code,
        "questions": len(mapped.questions),
        "title": survey.title,
        "status": survey.status,
    }
    return report


def import_file(workspace: Any, data: bytes, filename: str, options: Options) -> Report:
    kind = sniff(data)
    source = filename
    if kind == "lsa":
        member, data = archive_survey(filename, data)
        source = f"{filename}:{member}"  # lines below are lines of the .lss inside
    elif kind in USE_INSTEAD:
        raise wrong_kind(filename, kind, USE_INSTEAD[kind])
    try:
        survey = read(data)
    except XmlError as exc:
        raise xml_error(source, exc) from None
    mapped = plan(survey, workspace.scale_max)
    code = options.code or f"LS{survey.sid}"
    report = create_survey(workspace, source, code, mapped, publish=options.publish)
    report.kind = KIND.name
    return report
