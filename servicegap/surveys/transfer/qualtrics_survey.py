"""`servicegap import qualtrics-survey FILE.qsf`: a Qualtrics survey definition becomes a draft
survey, mapped by servicegap.lib.qualtrics_qsf; what does not map is in the report."""

from __future__ import annotations

from typing import Any

from servicegap.lib.qualtrics_qsf import QsfError, plan, read
from servicegap.surveys.transfer.limesurvey import create_survey
from servicegap.transfer.filekinds import Options, Report
from servicegap.transfer.registry import Kind, Problem, TransferError

KIND = Kind(name="qualtrics-survey", columns=())


def import_file(workspace: Any, data: bytes, filename: str, options: Options) -> Report:
    try:
        document, text = read(data)
    except QsfError as exc:
        raise TransferError(Problem(exc.line, "JSON", exc.reason).show(filename)) from None
    mapped = plan(document, text, workspace.scale_max)
    entry = document.get("SurveyEntry") or {}
    code = options.code or str(entry.get("SurveyID") or "")
    report = create_survey(workspace, filename, code, mapped)
    report.kind = KIND.name
    return report
