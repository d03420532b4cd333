"""What kind of file this is, by its content: so an import given the wrong file can say what it
got ("this is a LimeSurvey archive (.lsa)") instead of failing on its first byte.

``sniff(data)`` looks at the bytes only (never the file name, which a browser upload or a pipe
may not have) and returns one of the names in ``NAMES``, or "" when it cannot tell.
"""

from __future__ import annotations

import io
import re
import zipfile

NAMES = {
    "lss": "a LimeSurvey survey structure (.lss)",
    "lsa": "a LimeSurvey survey archive (.lsa: the survey with its responses)",
    "lsr": "a LimeSurvey response file (.lsr)",
    "lsq": "a LimeSurvey question export (.lsq)",
    "lsg": "a LimeSurvey question group export (.lsg)",
    "ls-tsv": "a LimeSurvey survey in tab-separated text (.txt)",
    "ls-responses": "a LimeSurvey response export (CSV or tab-separated text)",
    "qsf": "a Qualtrics survey (.qsf)",
    "xlsx": "an Excel workbook (.xlsx)",
    "xls": "an old Excel workbook (.xls)",
    "zip": "a ZIP archive",
    "pdf": "a PDF document",
}
_DOC_TYPE = re.compile(rb"<LimeSurveyDocType>\s*(?:<!\[CDATA\[)?\s*(\w+)", re.I)
_DOC_KINDS = {b"survey": "lss", b"responses": "lsr", b"question": "lsq", b"group": "lsg"}
# Columns LimeSurvey writes first in a response export: codes, or the full headings.
_RESPONSE_HEADS = (
    ("submitdate", "lastpage", "startlanguage"),
    ("response id", "date submitted", "last page"),
)


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [n.lower() for n in archive.namelist()]
    except (zipfile.BadZipFile, ValueError, OSError):
        return "zip"
    if (
        any(n.startswith("xl/") for n in names)
        or "[content_types].xml" in names
        and any("workbook" in n for n in names)
    ):
        return "xlsx"
    if any(n.endswith(".lss") for n in names):
        return "lsa"
    return "zip"


def sniff(data: bytes) -> str:
    """The kind of ``data`` (a key of NAMES), or "" when none is recognised."""
    head = data[:4096]
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        match = _DOC_TYPE.search(data[:65536])
        return _DOC_KINDS.get(match.group(1).lower(), "") if match else ""
    if text.startswith(b"{") and b'"SurveyElements"' in data and b'"SurveyEntry"' in data:
        return "qsf"
    first = text.split(b"\n", 1)[0].decode("utf-8", "replace").lower()
    if first.startswith("id\trelated_id\tclass\ttype/scale\tname"):
        return "ls-tsv"
    cells = {c.strip().strip('"').strip() for c in re.split(r"[\t,;]", first)}
    if any(all(h in cells for h in heads) for heads in _RESPONSE_HEADS):
        return "ls-responses"
    return ""


def described(kind: str) -> str:
    return NAMES.get(kind, "a file of another kind")
