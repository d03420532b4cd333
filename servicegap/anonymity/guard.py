"""The anonymity rule of ``common.hidden`` for reports read from the aggregates.

Distinct respondents come from the presence rows (``servicegap.aggregates.models.Presence``): a person
counts once per group however often they answered, each response without a respondent counts as
one. Which groups may be shown is decided by the same ``servicegap.anonymity.rule.Rule`` as in
the scan, built from the presence rows instead of the answers, so both paths hide the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.db.models import Q

from servicegap.aggregates import cells
from servicegap.anonymity.rule import presence_rule
from servicegap.gaps.data import Data
from servicegap.gaps.filters import period_key
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.reports import registry

COLUMN = {"item": "item", "unit": "unit", "period": "month", "perspective": "perspective"}


class Guard:
    def __init__(
        self,
        data: Data,
        perspectives: Iterable[str],
        window: tuple[date | None, date | None],
    ) -> None:
        self.data = data
        self.f = data.filters
        self.perspectives = [p for p in perspectives if p in PROTECTED_PERSPECTIVES]
        self.window = window
        # The presence family of the kind's answers (``servicegap.lib.cells.families``).
        self.family = registry.get(self.f.kind).family  # type: ignore[union-attr]
        self.rule = presence_rule(data, self.f.by, self.perspectives, self.family)
        self.unit_hidden = self.rule.report_hidden()

    def _where(self, data: Data, family: str, item_level: bool) -> Q:
        where = Q(perspective__in=self.perspectives, family=family)
        where &= ~Q(item="") if item_level else Q(item="")
        if data.filters.unit is not None:
            where &= Q(unit__in=data.chosen_units())
        start, end = self.window
        if start is not None:
            where &= Q(month__gte=start.replace(day=1))
        if end is not None:
            where &= Q(month__lte=end)
        return where

    def _count(
        self, data: Data, by: str | None, family: str, item_level: bool
    ) -> tuple[dict[str, int], int]:
        """Distinct respondents per row code of ``by``, and in all (those in no row included)."""
        code_of = _coder(data, by)
        per_code: dict[str | None, tuple[set[int], list[int]]] = {}
        everyone: set[int] = set()
        anonymous = 0
        for value, person, responses in cells.present(
            data.workspace, self._where(data, family, item_level), COLUMN.get(by or "")
        ):
            people, anon = per_code.setdefault(code_of(value), (set(), [0]))
            if person:
                people.add(person)
                everyone.add(person)
            else:
                anon[0] += responses
                anonymous += responses
        counts = {
            code: len(people) + anon[0]
            for code, (people, anon) in sorted(per_code.items(), key=lambda kv: str(kv[0]))
            if code is not None
        }
        return counts, len(everyone) + anonymous

    def hidden(self, by: str | None, codes: Iterable[str], item_level: bool) -> set[str]:
        """Row codes that must not be shown (``common.hidden``)."""
        codes = set(codes)
        counts, _ = self._count(self.data, by, self.family, item_level)
        return self.rule.hidden(by, {c: counts.get(c, 0) for c in codes})

    def whole_hidden(self) -> bool:
        """``common.whole_hidden`` for a one-object report."""
        _, total = self._count(self.data, None, self.family, False)
        return total > 0 and (self.unit_hidden or total < self.data.threshold)

    def enough(self, item: str, family: str) -> bool:
        """At least the threshold of respondents answered ``family`` of ``item`` (zone pairs)."""
        counts, _ = self._count(self.data, "item", family, True)
        return counts.get(item, 0) >= self.data.threshold


def _coder(data: Data, by: str | None) -> Callable[[object], str | None]:
    if by == "unit":
        groups = data.unit_groups()
        return lambda unit: groups.get(unit)  # type: ignore[call-overload]
    if by == "period":
        return lambda month: period_key(month, data.filters.period)  # type: ignore[arg-type]
    if by is None:
        return lambda _: ""
    return lambda value: value  # type: ignore[return-value]
