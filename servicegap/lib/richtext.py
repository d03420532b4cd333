"""Rich text of imported surveys: a safe subset of the source's HTML, kept through nh3.

LimeSurvey and Qualtrics store question texts, help texts and option labels as HTML. What a
respondent should see is its bold, italics, lists, links and line breaks, not ``&nbsp;`` or
``<strong>`` as text. ``clean`` keeps that subset (tags outside it go, their text stays; scripts
and styles go with their content), decodes ``&nbsp;``, and drops every image: an ``<img>`` from
another host would tell that host each respondent's address, so the caller lists them in the
import report. ``clean`` runs at import; the ``rich`` template filter runs it again when the page
is drawn (a text edited or stored another way is never trusted). ``plain`` is the text without
tags, for places that take no markup (CSV, reports, a page's ``<title>``).

No Django here: the filter that marks the result safe is ``servicegap/surveys/templatetags/rich.py``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import nh3

TAGS = frozenset({"b", "strong", "i", "em", "ul", "ol", "li", "a", "br", "p"})
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener nofollow"
# Block edges carry a line break in the source; without one "a<div>b</div>" reads "ab". Each
# run of edges becomes one break (a mark that survives the sanitizer stands for it meanwhile).
_BLOCK = re.compile(
    r"</?(?:div|h[1-6]|tr|table|tbody|blockquote|section|article|pre|center)\b[^>]*>", re.I
)
_MARK = "\ue000"  # a private-use character: never in a real survey text
_MARKS = re.compile(_MARK + r"(?:\s*" + _MARK + ")*")
_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_BREAKS = re.compile(r"(?:\s*<br>\s*){3,}")
_EDGE_BREAKS = re.compile(r"^(?:\s*<br>\s*)+|(?:\s*<br>\s*)+$")
_SPACE = re.compile(r"\s+")


@dataclass
class Cleaned:
    """A text as it is stored: ``text`` (plain when no markup is left, else safe HTML) and the
    sources of the images taken out of it."""

    text: str
    images: list[str] = field(default_factory=list)


def images(source: str) -> list[str]:
    """The ``src`` of every ``<img>`` in ``source`` (``(no src)`` for one without)."""
    found = []
    for tag in _IMAGE.findall(source or ""):
        match = _SRC.search(tag)
        found.append(next((g for g in match.groups() if g), "") if match else "(no src)")
    return found


def _sanitise(source: str) -> str:
    return nh3.clean(
        source,
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def clean(source: str) -> Cleaned:
    """The safe subset of ``source``. A text left without any tag is stored as plain text (its
    entities decoded), so "Fish &amp; chips" is stored as "Fish & chips"."""
    source = source or ""
    found = images(source)
    kept = _sanitise(_BLOCK.sub(_MARK, source.replace(_MARK, "")))
    kept = _MARKS.sub("<br>", kept).replace("&nbsp;", " ")
    kept = _EDGE_BREAKS.sub("", _BREAKS.sub("<br><br>", kept)).strip()
    if "<" not in kept:
        decoded = html.unescape(kept)
        if "<" not in decoded:  # "&lt;b&gt;" decoded would read as a tag when drawn
            kept = decoded
    return Cleaned(kept, found)


def render(text: str) -> str:
    """Safe HTML for a stored text (plain or the subset), sanitised again."""
    return _sanitise(text or "")


def plain(text: str) -> str:
    """The text without tags or entities, line breaks and paragraphs as spaces."""
    spaced = re.sub(r"<(?:br|/p|/li)\b[^>]*>", " ", text or "", flags=re.I)
    stripped = nh3.clean(_BLOCK.sub(" ", spaced), tags=set())
    return _SPACE.sub(" ", html.unescape(stripped)).strip()
