"""Routing after enrichment: a case for a negative comment about a standard, a recognition for
a compliment naming an employee (docs/text.md).

The act issue's rules stand: a case opens under the workspace's ``complaint`` rule (switched off
or given another severity there), only for live customer input of the last 14 days, and at most
one case per feedback or response, so a complaint that already opened a case at ingest opens no
second. The unit is the input's; the matched touchpoint's owning unit only when it named none.
A recognition needs a piece of feedback to hang on, so survey comments are not recognised.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import Q

from servicegap.cases.models import Case
from servicegap.cases.rules import rules_of
from servicegap.cases.service import Opening, open_cases
from servicegap.feedback.models import Recognition
from servicegap.journeys.models import Touchpoint
from servicegap.lib.caserules import COMPLAINT
from servicegap.people.models import Person
from servicegap.text.show import redact
from servicegap.text.sources import ANSWER, FEEDBACK, Item

CUSTOMER = "customer"


def raises_case(labels: dict) -> bool:
    return labels["sentiment"] == "negative" and bool(labels["standards"])


def _owners(workspace: Any, items: Sequence[Item], labels: dict) -> dict[Any, int | None]:
    """The owning unit of each touchpoint an item has or the engine matched (one query)."""
    ids = {i.touchpoint_id for i in items if i.touchpoint_id}
    codes = {labels[(i.source, i.pk)]["touchpoint"] for i in items} - {""}
    found: dict[Any, int | None] = {}
    for pk, code, unit in (
        Touchpoint.objects.of(workspace)
        .filter(Q(pk__in=ids) | Q(code__in=codes))
        .values_list("pk", "code", "unit_id")
    ):
        found[pk] = found[code] = unit
    return found


def unit_of(item: Item, labels: dict, owners: dict) -> int | None:
    """The input's unit; else its own touchpoint's owner; else the matched touchpoint's."""
    if item.unit_id is not None:
        return item.unit_id
    if item.touchpoint_id is not None and owners.get(item.touchpoint_id):
        return owners[item.touchpoint_id]
    return owners.get(labels["touchpoint"]) if labels["touchpoint"] else None


def _openings(
    workspace: Any, items: list[Item], labels: dict, since: datetime | None
) -> list[Opening]:
    wanted = [
        i for i in items
        if i.source in (FEEDBACK, ANSWER) and i.perspective == CUSTOMER
        and (since is None or i.submitted_at >= since) and raises_case(labels[(i.source, i.pk)])
    ]  # fmt: skip
    if not wanted:
        return []
    rule = rules_of(workspace)[COMPLAINT]
    if not rule.enabled:
        return []
    fids = [i.pk for i in wanted if i.source == FEEDBACK]
    rids = [i.response_id for i in wanted if i.source == ANSWER]
    taken = Case.objects.of(workspace).filter(Q(feedback_id__in=fids) | Q(response_id__in=rids))
    has = {("f", f) for f, _ in taken.values_list("feedback_id", "response_id") if f}
    has |= {("r", r) for _, r in taken.values_list("feedback_id", "response_id") if r}
    owners = _owners(workspace, wanted, labels)
    openings = []
    for i in wanted:
        key = ("f", i.pk) if i.source == FEEDBACK else ("r", i.response_id or 0)
        if key in has:
            continue
        has.add(key)  # two comments of one response: still one case
        got = labels[(i.source, i.pk)]
        standard = got["standards"][0]
        openings.append(Opening(
            trigger=COMPLAINT, severity=rule.severity,
            title=f"About {standard}: {redact(i.text).strip()[:120]}",
            feedback_id=i.pk if i.source == FEEDBACK else None,
            response_id=i.response_id if i.source == ANSWER else None,
            unit_id=unit_of(i, got, owners), customer_id=i.person_id, contact=i.contact,
        ))  # fmt: skip
    return openings


def _recognitions(workspace: Any, items: list[Item], labels: dict) -> list[Recognition]:
    praised = [
        (i, labels[(i.source, i.pk)]["mentions"])
        for i in items
        if i.source == FEEDBACK
        and (i.kind == "compliment" or labels[(i.source, i.pk)]["kind"] == "compliment")
        and labels[(i.source, i.pk)]["mentions"]
    ]
    if not praised:
        return []
    codes = {c for _, mentions in praised for c in mentions}
    people = dict(
        Person.objects.of(workspace)
        .filter(code__in=codes, kind="employee")
        .values_list("code", "pk")
    )
    return [
        Recognition(workspace=workspace, feedback_id=i.pk, employee_id=people[c])
        for i, mentions in praised for c in dict.fromkeys(mentions) if c in people
    ]  # fmt: skip


def route(
    workspace: Any,
    items: list[Item],
    labels: dict,
    *,
    cases: bool,
    cases_since: datetime | None = None,
) -> tuple[int, int]:
    """Open the cases and recognitions ``labels`` (by (source, pk)) call for; returns how many
    of each. ``cases``: live input only (an import opens none); ``cases_since``: input older
    than this opens no case (None: any age, which only the demo asks for)."""
    openings = _openings(workspace, items, labels, cases_since) if cases else []
    open_cases(workspace, openings)
    recognitions = _recognitions(workspace, items, labels)
    # The unique (feedback, employee) pair: a recognition already made at ingest stays one.
    Recognition.objects.bulk_create(recognitions, ignore_conflicts=True)
    return len(openings), len(recognitions)
