"""`servicegap import qualtrics-survey FILE.qsf`: a Qualtrics survey definition becomes a draft
survey (published at once with ``--publish``), mapped by servicegap.lib.qualtrics_qsf; what does
not map is in the report, and a file of another kind is refused naming what it is."""

from __future__ import annotations

from typing import Any

from servicegap.lib.filekind import sniff
from servicegap.lib.qualtrics_qsf import QsfError, plan, read
from servicegap.surveys.transfer.limesurvey import create_survey, wrong_kind
from servicegap.transfer.filekinds import Options, Report
from servicegap.transfer.registry import Kind, Problem, TransferError

KIND = Kind(name="qualtrics-survey", columns=())
USE_INSTEAD = {
    "lss": "use `servicegap import limesurvey`",
    "lsa": "use `servicegap import limesurvey`",
    "xlsx": "export the survey from Qualtrics as a .qsf (Tools, Import/Export, Export Survey)",
    "xls": "export the survey from Qualtrics as a .qsf (Tools, Import/Export, Export Survey)",
    "ls-tsv": "export the survey from LimeSurvey as .lss and use `servicegap import limesurvey`",
    "ls-responses": "this command imports a survey definition (.qsf), not responses",
}


def import_file(workspace: Any, data: bytes, filename: str, options: Options) -> Report:
    kind = sniff(data)
    if kind in USE_INSTEAD:
        raise wrong_kind(filename, kind, USE_INSTEAD[kind])
    try:
        document, text = read(data)
    except QsfError as exc:
        raise TransferError(Problem(exc.line, "JSON", exc.reason).show(filename)) from None
    mapped = plan(document, text, workspace.scale_max)
    entry = document.get("SurveyEntry") or {}
    code = options.code or str(entry.get("SurveyID") or "")
    report = create_survey(workspace, filename, code, mapped, publish=options.publish)
    report.kind = KIND.name
    return report
