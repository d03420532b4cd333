"""The answers a report reads: one query per report over the long answer table.

``load(workspace, filters, kinds)`` returns the answers of the given kinds that pass the filters
(workspace, perspective, the unit and its whole subtree, touchpoint, dates in the workspace's time
zone, a person attribute), ratings rescaled to the workspace scale, plus the lookups that turn
ids into the codes a report groups by. Everything is scoped to one workspace.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from servicegap.core.models import Workspace
from servicegap.gaps.filters import Filters, ReportError, period_key
from servicegap.journeys.models import Touchpoint
from servicegap.lib.scales import SCALED_KINDS
from servicegap.people.models import Person, Unit
from servicegap.standards.models import Standard
from servicegap.surveys.models import Answer


@dataclass(frozen=True)
class Resp:
    """What a report needs of one response."""

    perspective: str
    respondent: int | None
    unit: int | None
    touchpoint: int | None
    submitted_at: datetime


@dataclass
class Ans:
    response: int
    item: str
    kind: str
    value: float | None  # rescaled to the workspace scale for ratings
    raw: float | None
    text: str
    scale_max: int
    target: float | None = None  # of the standard version rated (the gap's fallback reference)


@dataclass
class Data:
    workspace: Any
    filters: Filters
    answers: list[Ans] = field(default_factory=list)
    responses: dict[int, Resp] = field(default_factory=dict)
    # Read on first use (a report from the aggregates often needs none of them).
    _units: dict[int, tuple[str, int | None]] | None = None
    _touchpoints: dict[int, tuple[str, str, int]] | None = None
    _standards: dict[str, Standard] | None = None
    # The anonymity rule of protected data (``servicegap.anonymity.rule``), set by ``load``.
    rule: Any = None

    @property
    def unit_hidden(self) -> bool:
        """The report's own group (its unit and window) must not be shown."""
        return self.rule is not None and self.rule.report_hidden()

    @property
    def units(self) -> dict[int, tuple[str, int | None]]:
        """Unit id → (code, parent id)."""
        if self._units is None:
            rows = Unit.objects.of(self.workspace).values_list("pk", "code", "parent_id")
            self._units = {pk: (code, parent) for pk, code, parent in rows}
        return self._units

    @property
    def touchpoints(self) -> dict[int, tuple[str, str, int]]:
        """Touchpoint id → (code, journey code, step)."""
        if self._touchpoints is None:
            rows = Touchpoint.objects.of(self.workspace).values_list(
                "pk", "code", "journey__code", "step"
            )
            self._touchpoints = {pk: (code, journey, step) for pk, code, journey, step in rows}
        return self._touchpoints

    @property
    def standards(self) -> dict[str, Standard]:
        if self._standards is None:
            self._standards = {s.code: s for s in Standard.objects.of(self.workspace)}
        return self._standards

    @property
    def threshold(self) -> int:
        return int(self.workspace.anonymity_threshold)

    def period_of(self, response: int) -> str:
        zone = ZoneInfo(self.workspace.time_zone or "UTC")
        day = self.responses[response].submitted_at.astimezone(zone).date()
        return period_key(day, self.filters.period)

    def key_function(self, by: str | None) -> Callable[[Ans], str | None]:
        """Answer → the code of its row for ``by`` (None: not in any row)."""
        if by is None:
            return lambda a: ""
        if by == "item":
            return lambda a: a.item or None
        if by == "dimension":
            return lambda a: s.dimension if (s := self.standards.get(a.item)) else None
        if by == "need":  # the standard's need_or_want; a standard marked neither is in no row
            return lambda a: (s.need_or_want or None) if (s := self.standards.get(a.item)) else None
        if by == "perspective":
            return lambda a: self.responses[a.response].perspective
        if by == "period":
            cache: dict[int, str] = {}

            def _period(a: Ans) -> str:
                if a.response not in cache:
                    cache[a.response] = self.period_of(a.response)
                return cache[a.response]

            return _period
        if by == "unit":
            groups = self.unit_groups()
            return lambda a: groups.get(self.responses[a.response].unit)  # type: ignore[arg-type]
        journey = by == "journey"

        def _touchpoint(a: Ans) -> str | None:
            tp = self.touchpoints.get(self.responses[a.response].touchpoint)  # type: ignore[arg-type]
            if tp is None:
                return None
            return tp[1] if journey else tp[0]

        return _touchpoint

    def unit_groups(self) -> dict[int, str]:
        """Unit id → the row it counts in: the chosen unit itself or the child whose subtree holds it."""
        root = self.unit_id(self.filters.unit)
        roots = [uid for uid, (_, parent) in self.units.items() if parent is None]
        if root is None and len(roots) == 1:
            root = roots[0]
        groups = {}
        for uid in self.units:
            chain = [uid]
            while (parent := self.units[chain[-1]][1]) is not None and chain[-1] != root:
                chain.append(parent)
            if root is None:
                groups[uid] = self.units[chain[-1]][0]
            elif uid == root:
                groups[uid] = self.units[root][0]
            elif chain[-1] == root:
                groups[uid] = self.units[chain[-2]][0]
        return groups

    def unit_id(self, code: str | None) -> int | None:
        if code is None:
            return None
        return next((uid for uid, (c, _) in self.units.items() if c == code), None)

    def chosen_units(self) -> set[int]:
        """The ids of the ``unit`` filter's whole subtree (ReportError for an unknown code)."""
        root = self.unit_id(self.filters.unit)
        if root is None:
            raise ReportError("unit", f"there is no unit {self.filters.unit!r} in this workspace")
        return _subtree(self.units, root)

    def chosen_touchpoint(self) -> int:
        """The id of the ``touchpoint`` filter (ReportError for an unknown code)."""
        code = self.filters.touchpoint
        tp = next((k for k, v in self.touchpoints.items() if v[0] == code), None)
        if tp is None:
            raise ReportError("touchpoint", f"there is no touchpoint {code!r} in this workspace")
        return tp

    def respondents(self, response_ids: Iterable[int]) -> int:
        """Distinct respondents; a response without a respondent counts as one."""
        people: set[int] = set()
        anonymous = 0
        for rid in set(response_ids):
            person = self.responses[rid].respondent
            if person is None:
                anonymous += 1
            else:
                people.add(person)
        return len(people) + anonymous


def _subtree(units: dict[int, tuple[str, int | None]], root: int) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for uid, (_, parent) in units.items():
        children.setdefault(parent, []).append(uid)
    found, todo = set(), [root]
    while todo:
        uid = todo.pop()
        found.add(uid)
        todo.extend(children.get(uid, ()))
    return found


def context(workspace: Workspace, filters: Filters) -> Data:
    """A ``Data`` of the workspace (units, touchpoints and standards read on first use)."""
    return Data(workspace, filters)


def load(
    workspace: Workspace,
    filters: Filters,
    kinds: Iterable[str],
    perspectives: Iterable[str] | None = None,
    siblings: bool = True,
    sibling_kinds: Iterable[str] | None = None,
) -> Data:
    """Fetch the answers of ``kinds`` that pass the filters (one query; for protected data a
    second one, of every protected answer of ``sibling_kinds`` (default ``kinds``) in the
    workspace, decides what may be shown: ``servicegap.anonymity.rule``)."""
    kinds = list(kinds)
    data = context(workspace, filters)
    qs = Answer.objects.of(workspace).filter(kind__in=list(kinds))
    qs = qs.filter(response__workspace=workspace)
    if perspectives is None:
        perspectives = [filters.perspective]
    qs = qs.filter(response__perspective__in=list(perspectives))
    if filters.unit is not None:
        qs = qs.filter(response__unit_id__in=data.chosen_units())
    if filters.touchpoint is not None:
        qs = qs.filter(response__touchpoint_id=data.chosen_touchpoint())
    zone = ZoneInfo(workspace.time_zone or "UTC")
    if filters.date_from is not None:
        qs = qs.filter(
            response__submitted_at__gte=datetime.combine(filters.date_from, time(), zone)
        )
    if filters.date_to is not None:
        end = datetime.combine(filters.date_to + timedelta(days=1), time(), zone)
        qs = qs.filter(response__submitted_at__lt=end)
    people = _segment_people(workspace, filters.segment)
    w = int(workspace.scale_max)
    rows = qs.values_list(
        "response_id",
        "item",
        "kind",
        "value_num",
        "value_text",
        "response__scale_max",
        "response__perspective",
        "response__respondent_id",
        "response__unit_id",
        "response__touchpoint_id",
        "response__submitted_at",
        "standard_version__target",
    )
    answers, responses = data.answers, data.responses
    for rid, item, kind, num, text, scale, persp, person, unit, tp, when, target in rows.iterator(
        chunk_size=20_000
    ):
        if people is not None and person not in people:
            continue
        value = num
        if num is not None and kind in SCALED_KINDS and scale != w:
            value = 1 + (num - 1) * (w - 1) / (scale - 1)
        answers.append(Ans(rid, item, kind, value, num, text, scale, target))
        if rid not in responses:
            responses[rid] = Resp(persp, person, unit, tp, when)
    if siblings and filters.protected:
        from servicegap.anonymity.rule import scan_rule  # noqa: PLC0415 (it loads data)

        by = filters.by
        counted = list(sibling_kinds) if sibling_kinds is not None else kinds
        data.rule = scan_rule(data, by, counted, perspectives)
    return data


def _segment_people(workspace: Workspace, segment: tuple[str, str] | None) -> set[int] | None:
    if segment is None:
        return None
    key, value = segment
    found = set()
    for pk, attributes in Person.objects.of(workspace).values_list("id", "attributes"):
        if isinstance(attributes, dict) and key in attributes and str(attributes[key]) == value:
            found.add(pk)
    return found
