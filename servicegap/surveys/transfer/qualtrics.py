"""`servicegap import qualtrics-responses FILE.csv --survey CODE --map MAPPING.csv`.

Each response row of a Qualtrics export (three header rows, read by ``lib.qualtrics``) becomes
one response of an existing survey, through the response contract. Which column feeds which
item and kind is the mapping (docs/formats.md); without one the command prints a proposal to
start from and stops. The mapping steps, the checks of each answer and the write are
``mapped.py``'s, shared with the wide files of other tools.
"""

from __future__ import annotations

from typing import Any

from servicegap.lib.qualtrics import Export, FormatError, read_export
from servicegap.surveys.transfer.mapped import format_error, import_export, refuse_other_kinds
from servicegap.surveys.transfer.mapped import proposal as proposal  # where tests look for it
from servicegap.transfer import csvio
from servicegap.transfer.filekinds import Options, Report
from servicegap.transfer.registry import Kind

KIND = Kind(name="qualtrics-responses", columns=())


def read_upload(data: bytes, filename: str) -> Export:
    """The export in ``data``; a file that is not one raises TransferError with its line."""
    refuse_other_kinds(data, filename)
    try:
        return read_export(csvio.decode(data, filename))
    except FormatError as exc:
        raise format_error(filename, exc) from None


def import_file(workspace: Any, data: bytes, filename: str, options: Options) -> Report:
    return import_export(workspace, read_upload(data, filename), filename, options, KIND.name)
