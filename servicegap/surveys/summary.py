"""The answers report's figures: what each question of a survey was answered (no Django).

One section per question, in the survey's order. Choices (single, multiple, matrices, moments,
Kano answers) give each option's count and share with its 95 % Wilson interval; a multiple
answer's share is of the respondents who answered the question, so shares may add up to more
than 100 %. Ratings and numbers give the mean with its t interval and the distribution, dates
their range and count by month, rankings each item's mean rank, texts their number (and the
texts themselves only where ``texts`` allows: ``TextRule``).

A question of a protected survey (employee, leader, internal) answered by fewer respondents
than the anonymity threshold is hidden, as every other report hides such a group.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from servicegap.lib.inference import mean_ci
from servicegap.lib.proportions import share
from servicegap.lib.richtext import plain
from servicegap.lib.scales import KANO_ANSWERS, MOMENTS, RESPONSE_KINDS
from servicegap.text.show import redact

MAX_DISTINCT = 12  # numbers with more distinct values than this are counted in bins
BINS = 10
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Asked:
    """One question as the report reads it: labels already plain text."""

    code: str
    kind: str
    text: str
    options: Sequence[tuple[str, str]] = ()  # (code, label)
    rows: Sequence[tuple[str, str]] = ()
    multiple: bool = False

    @property
    def item(self) -> str:
        return "" if self.kind in RESPONSE_KINDS else self.code

    @property
    def shape(self) -> str:
        """single, multiple, matrix, multiple_matrix, ranking, scale, number, date or text."""
        if self.kind in ("text", "number", "date"):
            return self.kind
        if self.kind == "choice" or self.kind in CATEGORIES:
            if self.rows and self.is_ranking:
                return "ranking"
            if self.rows:
                return "multiple_matrix" if self.multiple else "matrix"
            return "multiple" if self.multiple else "single"
        return "scale"

    @property
    def is_ranking(self) -> bool:
        """The importers write a ranking as a choice matrix whose options are the ranks
        ``1``..``n``, one per row (docs/formats.md); nothing else is stored that way."""
        ranks = [(str(k), str(k)) for k in range(1, len(self.rows) + 1)]
        return not self.multiple and len(self.rows) > 1 and list(self.options) == ranks


CATEGORIES = {"moment": MOMENTS, "kano_functional": KANO_ANSWERS,
              "kano_dysfunctional": KANO_ANSWERS}  # fmt: skip


@dataclass(frozen=True)
class Given:
    """One stored answer: who gave it (response), to what (item, kind), what."""

    response: int
    item: str
    kind: str
    value_num: float | None
    value_text: str


@dataclass(frozen=True)
class TextRule:
    """Which texts may be shown. ``protected``: employee, leader or internal answers, shown
    only when at least ``comment_threshold`` distinct respondents wrote some (then in
    alphabetical order, nothing telling who or when); otherwise the ``latest`` texts."""

    protected: bool
    threshold: int  # the workspace's anonymity threshold (protected surveys)
    comment_threshold: int = 10
    latest: int = 20


@dataclass
class _Answers:
    """A question's answers: per row ("" for the question itself) the responses and values."""

    by_row: dict[str, list[Given]] = field(default_factory=lambda: defaultdict(list))

    def responses(self) -> set[int]:
        return {g.response for given in self.by_row.values() for g in given}


def plain_label(value: Any, languages: Sequence[str] = ()) -> str:
    """A label or text (a string or a {language: text} dict) as plain text."""
    if isinstance(value, dict):
        for lang in (*languages, "en", *value):
            if value.get(lang):
                return plain(str(value[lang]))
        return ""
    return plain(str(value or ""))


def _option(code: str, label: str, count: int, n: int) -> dict[str, Any]:
    s = share(count, n)
    return {"option": code, "label": label, "count": count, "share": s.pct,
            "ci_low": s.ci_low, "ci_high": s.ci_high}  # fmt: skip


def _choices(q: Asked, given: list[Given]) -> dict[str, Any]:
    """Counts per option; n: the respondents who answered (once each, however many ticks)."""
    respondents = {g.response for g in given}
    n = len(respondents)
    ticked: dict[str, set[int]] = defaultdict(set)
    for g in given:
        ticked[g.value_text].add(g.response)
    known = list(q.options) or [(c, c) for c in CATEGORIES.get(q.kind, ())]
    codes = {c for c, _ in known}
    # an answer outside today's options (an option removed since) still counts, by its code
    extra = [(c, c) for c in sorted(ticked) if c not in codes]
    options = [_option(c, label, len(ticked.get(c, ())), n) for c, label in [*known, *extra]]
    return {"n": n, "options": options}


def _values(given: list[Given]) -> list[float]:
    # one value per response: a response answers an item once (the contract's rule)
    return [g.value_num for g in given if g.value_num is not None and math.isfinite(g.value_num)]


def _mean(values: Sequence[float]) -> dict[str, Any]:
    stat = mean_ci(values)
    return {"n": stat.n, "mean": stat.mean, "ci_low": stat.ci_low, "ci_high": stat.ci_high}


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def distribution(values: Sequence[float]) -> list[dict[str, Any]]:
    """Each value's count and share; more than ``MAX_DISTINCT`` values: ``BINS`` equal bins
    from the lowest to the highest (the last one closed)."""
    n = len(values)
    counted = Counter(values)
    if len(counted) <= MAX_DISTINCT:
        return [_option(_number_text(v), _number_text(v), c, n) for v, c in sorted(counted.items())]
    low, high = min(values), max(values)
    width = (high - low) / BINS
    bins = Counter(min(int((v - low) / width), BINS - 1) for v in values)
    out = []
    for b in range(BINS):
        a, z = low + b * width, low + (b + 1) * width
        label = f"{a:.4g} to {z:.4g}" + (" (inclusive)" if b == BINS - 1 else "")
        out.append(_option(f"{a:.4g}", label, bins.get(b, 0), n))
    return out


def _scale(given: list[Given]) -> dict[str, Any]:
    values = _values(given)
    return {**_mean(values), "distribution": distribution(values)}


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _dates(given: list[Given]) -> dict[str, Any]:
    days = [d for g in given if (d := _day(g.value_text)) is not None]
    n = len(days)
    months = Counter((d.year, d.month) for d in days)
    return {
        "n": n,
        "first": min(days).isoformat() if days else None,
        "last": max(days).isoformat() if days else None,
        "distribution": [
            _option(f"{y}-{m:02d}", f"{MONTHS[m - 1]} {y}", c, n)
            for (y, m), c in sorted(months.items())
        ],
    }


def _texts(given: list[Given], rows: dict[str, str], rule: TextRule, order: dict[int, Any]):
    """The number of texts, and those the rule lets the report show."""
    written = [g for g in given if g.value_text.strip()]
    writers = len({g.response for g in written})
    out: dict[str, Any] = {"n": writers, "answers": len(written)}

    def said(g: Given) -> str:
        row = rows.get(g.item.partition(".")[2])
        text = redact(g.value_text.strip())  # shown: PII replaced (docs/text.md)
        return f"{row}: {text}" if row else text

    if not rule.protected:
        latest = sorted(written, key=lambda g: order.get(g.response, 0), reverse=True)
        out["texts"] = [said(g) for g in latest[: rule.latest]]
        out["texts_note"] = f"The latest {min(rule.latest, len(written))} of {len(written)}."
    elif writers >= max(rule.comment_threshold, rule.threshold):
        out["texts"] = sorted((said(g) for g in written), key=str.casefold)
        out["texts_note"] = "In alphabetical order, with nothing that tells who wrote them."
    else:
        out["texts"] = []
        out["texts_note"] = (
            f"Not shown: texts of employees, leaders and internal customers are read only "
            f"where at least {max(rule.comment_threshold, rule.threshold)} people wrote some."
        )
    return out


def _rows_of(q: Asked, answers: _Answers, figure) -> list[dict[str, Any]]:
    return [
        {"row": code, "label": label, **figure(answers.by_row.get(code, []))}
        for code, label in q.rows
    ]


def _ranking(q: Asked, answers: _Answers) -> dict[str, Any]:
    items = _rows_of(q, answers, lambda given: _mean(_values(given) or _ranks(given)))
    return {"n": len(answers.responses()), "rows": items}


def _ranks(given: list[Given]) -> list[float]:
    # a choice answer holds the rank as its option code ("1".."n")
    return [float(g.value_text) for g in given if g.value_text.isdigit()]


def section(q: Asked, answers: _Answers, rule: TextRule, order: dict[int, Any]) -> dict[str, Any]:
    """One question's figures (not yet checked against the anonymity threshold)."""
    shape = q.shape
    head = {"question": q.code, "text": q.text, "kind": q.kind, "shape": shape}
    everything = [g for given in answers.by_row.values() for g in given]
    if shape == "ranking":
        return {**head, **_ranking(q, answers)}
    if shape in ("single", "multiple"):
        return {**head, **_choices(q, everything)}
    if shape in ("matrix", "multiple_matrix"):
        rows = _rows_of(q, answers, lambda given: _choices(q, given))
        return {**head, "n": len(answers.responses()), "rows": rows}
    if shape == "text":
        return {**head, **_texts(everything, dict(q.rows), rule, order)}
    figure = _dates if shape == "date" else _scale
    if q.rows:
        return {**head, "n": len(answers.responses()), "rows": _rows_of(q, answers, figure)}
    return {**head, **figure(everything)}


def hide_small(sec: dict[str, Any], threshold: int) -> dict[str, Any]:
    """A protected question (or a row of it) answered by fewer than ``threshold`` is hidden:
    only its code, text and kind remain."""
    if 0 < sec["n"] < threshold:
        keep = ("question", "text", "kind", "shape")
        return {**{k: sec[k] for k in keep}, "n": None, "suppressed": True}
    if "rows" in sec:
        sec = {**sec, "rows": [_hide_row(r, threshold) for r in sec["rows"]]}
    return sec


def _hide_row(row: dict[str, Any], threshold: int) -> dict[str, Any]:
    if 0 < row["n"] < threshold:
        return {"row": row["row"], "label": row["label"], "n": None, "suppressed": True}
    return row


def group(questions: Sequence[Asked], given: Iterable[Given]) -> dict[tuple[str, str], _Answers]:
    """The answers by question (its item and kind), each by row."""
    wanted = {(q.item, q.kind): _Answers() for q in questions}
    for g in given:
        base, _, row = g.item.partition(".")
        found = wanted.get((base, g.kind))
        if found is not None:
            found.by_row[row].append(g)
    return wanted


def summarise(
    questions: Sequence[Asked],
    given: Iterable[Given],
    rule: TextRule,
    order: dict[int, Any] | None = None,
) -> list[dict[str, Any]]:
    """Every question's section, in order; ``order``: each response's sort key (its time),
    for the latest texts."""
    grouped = group(questions, given)
    out = []
    for q in questions:
        sec = section(q, grouped[(q.item, q.kind)], rule, order or {})
        out.append(hide_small(sec, rule.threshold) if rule.protected else sec)
    return out


def flat_rows(sections: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sections as the report's table rows (the page's table, its CSV): one per option,
    value, month or item, one per question for texts and hidden questions."""
    out: list[dict[str, Any]] = []
    for number, sec in enumerate(sections, 1):
        head = {"question_text": sec["text"], "number": number, "question": sec["question"]}
        if sec.get("suppressed"):
            out.append({**head, "suppressed": True})
            continue
        parts = sec.get("rows") or [{"row": None, "label": None, **sec}]
        for part in parts:
            where = {**head, "row_label": part["label"], "row": part["row"]}
            if part.get("suppressed"):
                out.append({**where, "suppressed": True})
                continue
            out += _figures(where, part, sec["shape"])
    return out


def _figures(where: dict[str, Any], part: dict[str, Any], shape: str) -> list[dict[str, Any]]:
    n = part["n"]
    if shape == "text":
        return [{**where, "n": n, "answers": part.get("answers")}]
    mean = {"mean": part.get("mean"), "ci_low": part.get("ci_low"), "ci_high": part.get("ci_high")}
    listed = part.get("options") or part.get("distribution") or []
    if not listed:
        return [{**where, "n": n, **(mean if "mean" in part else {})}]
    out = []
    for o in listed:
        row = {**where, "answer": o["label"], "count": o["count"], "n": n,
               "share_pct": o["share"], "share_ci_low": o["ci_low"], "share_ci_high": o["ci_high"],
               "option": o["option"]}  # fmt: skip
        out.append({**row, **mean} if "mean" in part else row)
    return out
