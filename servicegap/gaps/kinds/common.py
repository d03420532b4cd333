"""What every report kind shares: grouping answers into rows and the anonymity rule."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from servicegap.gaps.data import Ans, Data


def group(data: Data, by: str | None, answers: Iterable[Ans] | None = None) -> dict[str, list[Ans]]:
    """Answers per row code (rows without a code are dropped)."""
    key = data.key_function(by)
    groups: dict[str, list[Ans]] = {}
    for a in data.answers if answers is None else answers:
        k = key(a)
        if k is not None:
            groups.setdefault(k, []).append(a)
    return groups


def hidden(data: Data, by: str | None, groups: dict[str, list[Ans]]) -> set[str]:
    """Row codes that must not be shown (employee data only; ``servicegap.anonymity.rule``)."""
    if not data.filters.protected or data.rule is None:
        return set()
    counts = {
        code: data.respondents({a.response for a in answers}) for code, answers in groups.items()
    }
    return data.rule.hidden(by, counts)


def rows(
    data: Data,
    by: str,
    groups: dict[str, list[Ans]],
    figures: Callable[[str, list[Ans]], dict[str, Any] | None],
) -> list[dict[str, Any]]:
    """One row per code in order: ``{by: code, **figures}`` or ``{by: code, "suppressed": True}``."""
    hide = hidden(data, by, groups)
    out = []
    for code in sorted(groups):
        if code in hide:
            out.append({by: code, "suppressed": True})
            continue
        figs = figures(code, groups[code])
        if figs is not None:
            out.append({by: code, **figs})
    return out


def whole_hidden(data: Data) -> bool:
    """One-object reports over protected data with too few respondents are not shown at all."""
    if not data.filters.protected or not data.responses:
        return False
    return data.unit_hidden or data.respondents(data.responses) < data.threshold


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None
