"""`servicegap import limesurvey FILE.lsa [--code CODE] [--publish]`: a LimeSurvey survey archive
(a ZIP of the survey structure ``.lss``, its responses ``.lsr``, and optionally the participants
``.lst`` and timings ``.lsi``) becomes the survey with its responses and participants.

This module is the ``limesurvey`` kind: an ``.lss`` (or any file that is not an archive) goes to
``limesurvey.import_file`` unchanged, which also creates the survey of an archive; then the
archive's responses are added to that survey in the same transaction, so a refused response
leaves no survey behind. LimeSurvey's display format (all in one, group by group, question by
question) is noted in the report: a ServiceGap survey has one layout of its own.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from servicegap.lib.filekind import sniff
from servicegap.lib.limesurvey import tables
from servicegap.lib.limesurvey_responses import read_lsr, read_lst, survey_format
from servicegap.lib.xmlread import MAX_BYTES, XmlError, parse
from servicegap.surveys.transfer import limesurvey
from servicegap.surveys.transfer.limesurvey_responses import import_table
from servicegap.transfer.filekinds import Options, Report
from servicegap.transfer.registry import TransferError

KIND = limesurvey.KIND


def _members(filename: str, data: bytes) -> dict[str, bytes]:
    """The archive's members by their ending (``.lss``, ``.lsr``, ``.lst``, ``.lsi``)."""
    found: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                ending = info.filename.lower().rsplit(".", 1)[-1]
                if ending not in ("lss", "lsr", "lst", "lsi") or ending in found:
                    continue
                if info.file_size > MAX_BYTES:  # checked before inflating: no zip bombs
                    raise TransferError(
                        f"{filename}: {info.filename} is {info.file_size:,} bytes; "
                        f"at most {MAX_BYTES:,} are read"
                    )
                found[ending] = archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TransferError(f"{filename}: not a readable archive: {exc}") from None
    return found


def _structure(lss: bytes) -> tuple[dict[str, str], str]:
    """Question ids -> codes (the .lsr names columns by id), and the display format."""
    found = tables(parse(lss))
    titles = {
        q["qid"]: q["title"].strip()
        for q in found.get("questions", [])
        if q["parent_qid"] in ("", "0")
    }
    return titles, survey_format(found)


def import_file(workspace: Any, data: bytes, filename: str, options: Options) -> Report:
    from servicegap.surveys.models import Survey

    report = limesurvey.import_file(workspace, data, filename, options)
    if sniff(data) != "lsa":
        return report
    members = _members(filename, data)
    survey = Survey.objects.of(workspace).get(code=report.details["survey"])
    questions = report.created
    try:
        titles, shown = _structure(members["lss"])
        table = read_lsr(members["lsr"]) if "lsr" in members else None
        people = read_lst(members["lst"]) if "lst" in members else []
    except XmlError as exc:
        raise limesurvey.xml_error(filename, exc) from None
    if shown:
        report.notes.append(
            f"LimeSurvey showed this survey {shown}; ServiceGap shows a survey its own way "
            "(the display format is not carried over)"
        )
    report.details["participants"] = _participants(workspace, survey, people)
    if table is None:
        report.notes.append("the archive holds no responses (.lsr)")
        return report
    import_table(workspace, survey, table, filename, options, titles=titles, report=report)
    # The counts stay those of the survey's questions, as for an .lss; the responses are a
    # sentence and a detail of their own.
    responses, report.created = report.created - questions, questions
    report.kind = KIND.name
    report.details.update(questions=questions, responses=responses)
    report.notes.append(f"{responses} response(s) imported into survey {survey.code}")
    return report


def _participants(workspace: Any, survey: Any, people: list[dict[str, str]]) -> int:
    """Create the archive's participants as people (code: their token), unless known."""
    from servicegap.lib.scales import PERSON_KIND_OF_PERSPECTIVE
    from servicegap.people.models import Person

    rows = [p for p in people if p.get("token")]
    known = set(
        Person.objects.of(workspace)
        .filter(code__in=[p["token"] for p in rows])
        .values_list("code", flat=True)
    )
    new = [
        Person(
            workspace=workspace,
            code=p["token"],
            name=" ".join(x for x in (p.get("firstname", ""), p.get("lastname", "")) if x)[:200],
            email=p.get("email", "")[:254],
            kind=PERSON_KIND_OF_PERSPECTIVE[survey.perspective],
        )
        for p in rows
        if p["token"] not in known
    ]
    Person.objects.bulk_create(new)
    return len(new)
