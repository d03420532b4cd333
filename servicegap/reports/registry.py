"""The report kinds, each declared once as a ``ReportKind`` in its own module.

A kind says what it is (name, title, the plain sentence that reads its figures), which filters it
takes (``by`` values, perspectives, parameters of its own), how it is computed (the builder that
scans the answers, and optionally a fast path from the aggregates), and how it is drawn (its
chart for the page and the PDF). The CLI (``servicegap report KIND``), the API
(``/api/v1/reports/{kind}``), the report pages, their CSV, the PDF and ``docs/cli.md`` all read
this registry; no list of kind names exists anywhere else.

A capability registers its kinds by naming the modules in its AppConfig (``report_kinds =
("servicegap.gaps.kinds.gaps:KIND",)``); ``register`` is also what a test uses for a toy kind.
No Django import here: the registry is plain data.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from servicegap.reports.params import COMMON, Param, by_param

Builder = Callable[[Any, Any], dict[str, Any]]  # (workspace, Filters) -> the report's document
Chart = Callable[[dict[str, Any], str | None, int], list[Any]]  # (doc, by, scale_max) -> drawings
RowLink = Callable[[dict[str, Any], dict[str, str], str], tuple[str, str] | None]
Sentence = Callable[[dict[str, Any], str | None, Mapping[str, str | None]], str]


@dataclass(frozen=True)
class ReportKind:
    name: str
    title: str  # short: tabs, CLI listing
    heading: str  # the page's and the PDF's heading
    reading: str  # one plain sentence: what the figures mean
    builder: str  # "module:function", a Builder; dotted so a declaration imports nothing heavy
    by: Sequence[str] = ()  # allowed ``by`` values; empty: no ``by``
    default_by: str | None = None  # None: one object unless ``by`` is given
    params: Sequence[Param] = ()  # parameters of its own, beside the common filters
    filtered: bool = True  # takes the common filters (perspective, unit, dates, …)
    always_protected: bool = False  # shows employee/leader data whatever ``perspective`` says
    fast: str = ""  # "module:function": the same document from the aggregates, where it applies
    family: str = ""  # the aggregates' family its fast path reads (anonymity guard)
    tell_width: float | None = None  # default width above which a figure is too few to tell
    chart: Chart | None = None  # the page's (and the PDF's) chart drawings
    chart_template: str = "reports/bars.html"
    value: str = ""  # the figure the bar chart shows (CLI and chart key)
    empty: str = "Not enough data for this report yet (n = 0)."  # said when there is no chart
    text: Callable[[dict[str, Any]], list[str]] | None = None  # CLI text lines, if not a table
    page: bool = True  # has a report page (and a page in the PDF)
    # "module:function"s giving a row's links on the page (not the PDF), e.g. "Make an action":
    # (row, the page's query, workspace slug) -> (label, url) or None (RowLink)
    row_links: Sequence[str] = ()
    labels: Sequence[tuple[str, str]] = ()  # (key, name): its own names of table columns
    # "module:function" (Sentence): the page's first sentence, what matters in these figures
    sentence: str = ""
    # the table's main comparison: these (flat) keys come first after the row's name, the
    # code and the rest after them, so the point is in view at 1280 px without scrolling
    lead: Sequence[str] = ()
    sort: str = ""  # the page's row order, worst first: a key, "-key" for the highest first
    order: int = 100  # place among the kinds (tabs, PDF, docs)

    def __post_init__(self) -> None:
        if self.default_by is not None and self.default_by not in self.by:
            raise ValueError(f"{self.name}: default_by {self.default_by!r} is not in by")

    @property
    def parameters(self) -> list[Param]:
        """Every parameter it takes, in the form's order: by, the common filters, its own."""
        found = [by_param(self.by, self.default_by)] if self.by else []
        if self.filtered:
            found += COMMON
        return found + list(self.params)

    @property
    def build(self) -> Builder:
        return _resolve(self.builder)

    @property
    def build_fast(self) -> Builder | None:
        return _resolve(self.fast) if self.fast else None

    def say(self, doc: dict[str, Any], by: str | None, params: Mapping[str, str | None]) -> str:
        """What matters in ``doc``, in one plain sentence ("" when the kind has none)."""
        if not self.sentence or doc.get("suppressed"):
            return ""
        said: Sentence = _resolve(self.sentence)
        return said(doc, by, params)

    @property
    def links(self) -> list[RowLink]:
        return [_resolve(path) for path in self.row_links]


@cache
def _resolve(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


_KINDS: dict[str, ReportKind] = {}
# "module:NAME" of declared kinds not imported yet: a kind's module imports its builder (and with
# it NumPy, SciPy, the report engine), which every process would otherwise pay at start-up, a
# CLI import or a worker included (about 1 s); they are imported when the registry is first read.
_DECLARED: list[str] = []


def declare(path: str) -> None:
    """Name the module attribute (``module:KIND``) that holds a kind; imported on first read."""
    if path not in _DECLARED:
        _DECLARED.append(path)


def _load() -> None:
    while _DECLARED:
        register(_resolve(_DECLARED.pop(0)))


def register(kind: ReportKind) -> ReportKind:
    """Add ``kind``; registering the same declaration again is harmless."""
    if kind.name in _KINDS and _KINDS[kind.name] is not kind:
        raise ValueError(f"a different report kind named {kind.name!r} is already registered")
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    _KINDS.pop(name, None)


def kinds() -> list[ReportKind]:
    _load()
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.name))


def names() -> list[str]:
    return [k.name for k in kinds()]


def pages() -> list[ReportKind]:
    return [k for k in kinds() if k.page]


def get(name: str) -> ReportKind | None:
    _load()
    return _KINDS.get(name)
