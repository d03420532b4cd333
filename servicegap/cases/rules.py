"""The ingest hook that opens cases, in the transaction that stores their trigger.

Only live customer input opens a case (an import does not, unless ``servicegap import
--open-cases``), only input submitted in the last 14 days, at most one case per feedback or
response. The rule itself (which answers match, which severity wins) is pure:
``servicegap.lib.caserules``. Rows that match nothing cost no query at all, so the hook adds
next to nothing to ingest (benchmarks/ingest.py measures it).
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone

from servicegap.cases.models import CaseRule
from servicegap.cases.service import Opening, open_cases
from servicegap.core.ingest import Stored
from servicegap.journeys.models import Touchpoint
from servicegap.lib import caserules
from servicegap.lib.caserules import COMPLAINT, DEFAULTS, Rule

CUSTOMER = "customer"
TITLES = {
    caserules.DETRACTOR: "Would not recommend us",
    caserules.MISERY: "A moment of misery",
    caserules.REPLY: "Asked for a reply",
}
__all__ = ["DEFAULTS", "case_title", "on_stored", "rules_of"]


# Hand-written SQL: read in ingest for each batch that may open a case, where compiling the
# ORM's query cost more than the query (docs/performance.md).
RULES = "SELECT {trigger}, {enabled}, {severity} FROM {table} WHERE {workspace} = %s"


def rules_of(workspace: Any) -> dict[str, Rule]:
    """The workspace's rules: the defaults, overridden by its ``CaseRule`` rows."""
    q = connection.ops.quote_name
    sql = RULES.format(
        trigger=q("trigger"), enabled=q("enabled"), severity=q("severity"),
        table=q(CaseRule._meta.db_table), workspace=q("workspace_id"),
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace.pk])
        found = cursor.fetchall()
    rules = dict(DEFAULTS)
    for trigger, enabled, severity in found:
        if trigger in rules:
            rules[trigger] = Rule(trigger, bool(enabled), severity)
    return rules


def _matches(stored: Stored) -> list[tuple[Any, list[str], Any]]:
    """(row, the triggers it matches, its answers) for each stored row that may open a case."""
    since = timezone.now() - caserules.WINDOW
    if stored.kind == "feedback":
        return [
            (f, [COMPLAINT], ())
            for f in stored.rows
            if f.kind == "complaint" and f.perspective == CUSTOMER and f.submitted_at >= since
        ]
    found = []
    for response, answers in zip(stored.rows, stored.answers, strict=True):
        if response.perspective != CUSTOMER or response.submitted_at < since:
            continue
        asked = bool(response.contact and response.contact_consent_at)
        triggers = caserules.response_triggers(
            ((a.kind, a.value_num, a.value_text) for a in answers), asked
        )
        if triggers:
            found.append((response, triggers, answers))
    return found


def case_title(trigger: str, row: Any, answers: Any) -> str:
    if trigger == COMPLAINT:
        return f"Complaint: {row.text.strip()[:120]}"
    comment = next((a.value_text for a in answers if a.kind == "text" and a.value_text), "")
    nps = next((a.value_num for a in answers if a.kind == "nps"), None)
    title = TITLES[trigger]
    if trigger == caserules.DETRACTOR and nps is not None:
        title = f"{title} ({int(nps)} of 10)"
    return f"{title}: {comment.strip()[:120]}" if comment else title


def _units(workspace: Any, rows: list[Any]) -> dict[int, int | None]:
    """The owning unit of each touchpoint of rows that name no unit (one query, or none)."""
    ids = {r.touchpoint_id for r in rows if r.unit_id is None and r.touchpoint_id is not None}
    if not ids:
        return {}
    return dict(Touchpoint.objects.of(workspace).filter(pk__in=ids).values_list("pk", "unit_id"))


def on_stored(stored: Stored) -> None:
    if not stored.live:
        return
    found = _matches(stored)
    if not found:
        return
    rules = rules_of(stored.workspace)
    owners = _units(stored.workspace, [row for row, _, _ in found])
    openings = []
    for row, triggers, answers in found:
        rule = caserules.choose(triggers, rules)
        if rule is None:
            continue
        is_feedback = stored.kind == "feedback"
        consented = row.consent if is_feedback else row.contact_consent_at is not None
        openings.append(Opening(
            trigger=rule.trigger, severity=rule.severity, title=case_title(rule.trigger, row, answers),
            feedback_id=row.pk if is_feedback else None,
            response_id=None if is_feedback else row.pk,
            unit_id=row.unit_id or owners.get(row.touchpoint_id),
            customer_id=row.person_id if is_feedback else row.respondent_id,
            contact=row.contact if consented else "",
        ))  # fmt: skip
    open_cases(stored.workspace, openings)
