"""Reading untrusted XML safely, keeping the source line of every element.

defusedxml's parser refuses DTDs, entity declarations and external references (no "billion
laughs", no file or network reads); a size limit comes before parsing. Each element's line is
read from expat while its start tag is parsed, so errors can name ``FILE:LINE``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

MAX_BYTES = 20 * 1024 * 1024
_REFUSED = {
    "DTDForbidden": "a DTD (<!DOCTYPE ...>) is",
    "EntitiesForbidden": "entity declarations are",
    "ExternalReferenceForbidden": "external references are",
}


class XmlError(ValueError):
    """The file is not readable XML; ``line`` is where the problem is (0: the whole file)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}" if line else reason)
        self.line = line
        self.reason = reason


class _LineBuilder:
    """A TreeBuilder target that notes the current expat line of every start tag."""

    def __init__(self) -> None:
        self.builder = ET.TreeBuilder()
        self.lines: dict[int, int] = {}
        self.parser: Any = None

    def start(self, tag: str, attrib: dict[str, str]) -> ET.Element:
        element = self.builder.start(tag, attrib)
        self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element

    def end(self, tag: str) -> ET.Element:
        return self.builder.end(tag)

    def data(self, data: str) -> None:
        self.builder.data(data)

    def close(self) -> ET.Element:
        return self.builder.close()


@dataclass
class Document:
    root: ET.Element
    lines: dict[int, int]

    def line(self, element: ET.Element) -> int:
        return self.lines.get(id(element), 0)


def parse(data: bytes, max_bytes: int = MAX_BYTES) -> Document:
    """Parse ``data``; raises XmlError naming the line for anything unreadable or unsafe."""
    if len(data) > max_bytes:
        raise XmlError(0, f"the file is {len(data):,} bytes; at most {max_bytes:,} are read")
    if not data.strip():
        raise XmlError(0, "the file is empty")
    target = _LineBuilder()
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    target.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).rsplit(": line", 1)[0]
        if "invalid token" in reason:
            reason += " (a byte not valid in the file's encoding, or a stray '<' or '&')"
        raise XmlError(line, f"not readable as XML: {reason} at column {column + 1}") from None
    except DefusedXmlException as exc:
        line = parser.parser.CurrentLineNumber
        what = _REFUSED.get(type(exc).__name__, "this construct is")
        raise XmlError(line, f"refused for safety: {what} not allowed in an import") from None
    return Document(root, target.lines)
