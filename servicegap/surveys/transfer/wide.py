"""`servicegap import wide FILE --survey CODE [--map MAPPING.csv] [--date-format DMY|MDY|…]`:
a wide response file of any tool (Google Forms, SurveyMonkey, Typeform, a spreadsheet), one row
per response and one column per question, into an existing survey.

The file is read by servicegap.lib.wide; the column mapping, the checks of every answer (options
and labels) and the all-or-nothing write are the Qualtrics import's (``mapped.import_export``).
Without ``--map`` the command prints the proposed mapping (columns matched to the survey's
questions by code or by question text) and stops, as for Qualtrics; the Imports page shows the
same proposal to adjust.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from servicegap.lib.qualtrics import Export, FormatError
from servicegap.lib.wide import META_NAMES, date_reader, from_records, read_wide
from servicegap.surveys.transfer.mapped import find_survey, import_export, refuse_other_kinds
from servicegap.transfer import csvio, sheets
from servicegap.transfer.filekinds import Options, Report
from servicegap.transfer.registry import Kind, Problem, TransferError

KIND = Kind(name="wide", columns=())


def read_upload(data: bytes, filename: str) -> Export:
    """The wide file in ``data`` (CSV, or the first sheet of an xlsx workbook)."""
    refuse_other_kinds(data, filename, accepted=("xlsx", "ls-responses"))  # LimeSurvey: by text
    try:
        if data.startswith(sheets.XLSX_MAGIC):
            line, header, records = sheets.read_xlsx(data, filename)
            return from_records(line, header, [(r[0], list(r[1])) for r in records])
        return read_wide(csvio.decode(data, filename))
    except FormatError as exc:
        raise TransferError(Problem(exc.line, exc.column, exc.reason).show(filename)) from None


def import_file(workspace: Any, data: bytes, filename: str, options: Options) -> Report:
    export = read_upload(data, filename)
    find_survey(workspace, options.survey, KIND.name)  # the missing --survey first
    dates = partial(date_reader, date_format=options.date_format)
    return import_export(
        workspace, export, filename, options, KIND.name, dates=dates, meta_names=META_NAMES,
        fingerprint=True,
    )  # fmt: skip
