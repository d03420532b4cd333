"""Which rows of a report over employee, leader or internal data are hidden.

Both report paths build the same ``Rule``: the scan from the workspace's protected answers
(``scan_rule``), the aggregates from the presence rows (``presence_rule``). Groups are decided
for the whole workspace at once (``servicegap.anonymity.disclosure``: every unit, unit's own responses
and calendar period), so no report, filter or export shows a group that another one's figures
would let someone compute. A report's window (``from``/``to``) is one calendar month, quarter or
year, or all time; rows by unit and by period are groups of the linked tables; rows by item,
dimension or perspective each have their own tables (the respondents who answered that row).
Primary suppression of the rows' own counts applies on top.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping
from copy import copy
from dataclasses import replace
from zoneinfo import ZoneInfo

from django.db.models import Q

from servicegap.aggregates import cells
from servicegap.anonymity.disclosure import ALL_TIME, EVERY_UNIT, Disclosure, Record, UnitNode
from servicegap.anonymity.suppression import is_hidden
from servicegap.gaps.filters import Filters, is_period_end, period_key, period_start
from servicegap.lib.scales import PROTECTED_PERSPECTIVES

ROW_TABLES = ("item", "dimension", "perspective")
_CACHE: OrderedDict[tuple, Disclosure] = OrderedDict()
_CACHE_SIZE = 64


def window_key(f: Filters) -> str:
    """The calendar period ``from``–``to`` names (the filters allow nothing else), or all time."""
    if f.date_from is None or f.date_to is None:
        return ALL_TIME
    for period in ("month", "quarter", "year"):
        if (
            period_start(f.date_from, period) == f.date_from
            and is_period_end(f.date_to, period)
            and period_key(f.date_from, period) == period_key(f.date_to, period)
        ):
            return period_key(f.date_from, period)
    raise ValueError(f"{f.date_from}–{f.date_to} is not one calendar period")


def disclosure(
    records: Iterable[Record], parents: Mapping[int, int | None], threshold: int
) -> Disclosure:
    """``Disclosure`` of ``records``, remembered for the same records, units and threshold."""
    counted = frozenset(Counter(records).items())
    key = (threshold, tuple(sorted(parents.items(), key=lambda kv: kv[0])), counted)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    found = Disclosure((r for r, times in counted for _ in range(times)), parents, threshold)
    _CACHE[key] = found
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return found


class Rule:
    """The anonymity rule of one report (filters, unit tree and threshold of ``data``)."""

    def __init__(
        self,
        data,
        whole: list[Record] | None,
        rows: Callable[[str], Mapping[str, list[Record]]] | None = None,
    ) -> None:
        self.data = data
        self.parents = {uid: parent for uid, (_, parent) in data.units.items()}
        self.threshold = data.threshold
        self.whole = disclosure(whole, self.parents, self.threshold) if whole is not None else None
        self._rows = rows
        self._tables: dict[str, Mapping[str, list[Record]]] = {}
        root = data.unit_id(data.filters.unit)
        self.unit: UnitNode = ("t", root) if root is not None else EVERY_UNIT
        self.window = window_key(data.filters)

    def on(self, data) -> Rule:
        """The same decision read for another report of the same workspace and answers (another
        unit or window): nothing is loaded or decided again."""
        other = copy(self)
        other.data = data
        root = data.unit_id(data.filters.unit)
        other.unit = ("t", root) if root is not None else EVERY_UNIT
        other.window = window_key(data.filters)
        return other

    def report_hidden(self) -> bool:
        return self.whole is not None and self.whole.hidden(self.unit, self.window)

    def hidden(self, by: str | None, counts: Mapping[str, int]) -> set[str]:
        """Row codes of ``by`` that must not be shown; ``counts``: distinct respondents per row."""
        codes = set(counts)
        if by == "perspective":
            codes = {c for c in codes if c in PROTECTED_PERSPECTIVES}
        if self.report_hidden():
            return codes
        out = {c for c in codes if is_hidden(counts[c], self.threshold)}
        if by == "unit" and self.whole is not None:
            out |= {c for c in codes if self.whole.hidden(self._unit_row(c), self.window)}
        elif by == "period" and self.whole is not None:
            out |= {c for c in codes if self.whole.hidden(self.unit, c)}
        elif by in ROW_TABLES and self._rows is not None:
            if by not in self._tables:
                self._tables[by] = self._rows(by)
            for code in codes - out:
                table = disclosure(self._tables[by].get(code, ()), self.parents, self.threshold)
                if table.hidden(self.unit, self.window):
                    out.add(code)
        return out

    def _unit_row(self, code: str) -> UnitNode:
        uid = self.data.unit_id(code)
        if self.unit != EVERY_UNIT:
            own = uid == self.unit[1]
        else:
            roots = [u for u, p in self.parents.items() if p is None]
            own = len(roots) == 1 and uid == roots[0]
        assert self.whole is not None and uid is not None
        return self.whole.own_node(uid) if own else ("t", uid)


def scan_rule(data, by: str | None, kinds: Iterable[str], perspectives: Iterable[str]) -> Rule:
    """The rule from every protected answer of ``kinds`` in the workspace (the scan path)."""
    from servicegap.gaps.data import load  # noqa: PLC0415 (data imports this module)

    protected = [p for p in perspectives if p in PROTECTED_PERSPECTIVES]
    everything = replace(data.filters, unit=None, date_from=None, date_to=None, segment=None)
    wide = load(data.workspace, everything, kinds, protected, siblings=False)
    zone = ZoneInfo(data.workspace.time_zone or "UTC")
    record: dict[int, Record] = {}
    for rid, resp in wide.responses.items():
        day = resp.submitted_at.astimezone(zone).date().replace(day=1)
        record[rid] = Record(resp.unit, day, resp.respondent or 0)

    def rows(by: str) -> dict[str, list[Record]]:
        key = wide.key_function(by)
        seen: dict[str, set[int]] = {}
        for a in wide.answers:
            code = key(a)
            if code is not None:
                seen.setdefault(code, set()).add(a.response)
        return {code: [record[r] for r in rids] for code, rids in seen.items()}

    whole = None if by == "perspective" else list(record.values())
    return Rule(data, whole, rows)


def presence_rule(data, by: str | None, perspectives: Iterable[str], family: str) -> Rule:
    """The rule from the presence rows of ``family`` (the aggregates' path)."""
    protected = [p for p in perspectives if p in PROTECTED_PERSPECTIVES]
    where = Q(perspective__in=protected, family=family)
    whole = None if by == "perspective" else _records(data, where & Q(item=""), None)

    def rows(by: str) -> dict[str, list[Record]]:
        if by == "item":
            return _grouped(_records(data, where & ~Q(item=""), "item"))
        if by == "perspective":
            return _grouped(_records(data, where & Q(item=""), "perspective"))
        return {}

    return Rule(data, whole, rows)


def _records(data, where: Q, column: str | None) -> list:
    fields = ("unit", "month", "respondent", "responses") + ((column,) if column else ())
    found = cells.presence_rows(data.workspace, where, fields)
    if column is None:
        return [Record(unit or None, month, person, n) for unit, month, person, n in found]
    return [
        (code, Record(unit or None, month, person, n)) for unit, month, person, n, code in found
    ]


def _grouped(pairs: list[tuple[str, Record]]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for code, record in pairs:
        out.setdefault(code, []).append(record)
    return out
