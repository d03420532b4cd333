"""feedback: ``feedback_id,submitted_at,kind,text,touchpoint,unit,employee,contact,consent`` and
an optional ``standard`` (the code of the standard it is about; exported only when some feedback
has one, so files without it keep these nine columns).

Each row is checked by the feedback contract (``prepare_feedback``) and stored through it, so a
compliment naming an employee becomes their recognition as it would from any other channel. A
``feedback_id`` already stored (its ``external_id``, or the id of feedback that has none) with the
same content is skipped; with other content it is a bad row. The export writes ``external_id`` if
set, else the id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from servicegap.core.models import Workspace
from servicegap.feedback.contract import prepare_feedback, store_feedback
from servicegap.feedback.models import Feedback
from servicegap.surveys.contract import ResponseError
from servicegap.surveys.transfer.responses import ID_MAX, iso
from servicegap.text.show import redact
from servicegap.transfer.batch import Batch
from servicegap.transfer.registry import Counts, Kind, Table, Value

COLUMNS = (
    "feedback_id", "submitted_at", "kind", "text", "touchpoint", "unit", "employee", "contact",
    "consent",
)  # fmt: skip
OPTIONAL = ("standard",)
CHANNEL = "import"


@dataclass
class Plan:
    new: list[Feedback] = field(default_factory=list)
    unchanged: int = 0


def _signature(fb: Feedback) -> tuple:
    return (
        fb.submitted_at, fb.kind, fb.text, fb.touchpoint_id, fb.unit_id, fb.employee_id,
        fb.contact, fb.consent,
    )  # fmt: skip


def _same(stored: Feedback, fb: Feedback, standard: bool) -> bool:
    """The same content; the standard only when the file has that column (absent: as stored)."""
    same = _signature(stored) == _signature(fb)
    return same and (not standard or stored.standard_id == fb.standard_id)


def _stored(workspace: Workspace, ids: list[str]) -> dict[str, Feedback]:
    found: dict[str, Feedback] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for fb in Feedback.objects.of(workspace).filter(external_id__in=chunk):
            found.setdefault(fb.external_id, fb)
        pks = [int(i) for i in chunk if i.isdigit() and i not in found]
        for fb in Feedback.objects.of(workspace).filter(pk__in=pks, external_id=""):
            found.setdefault(str(fb.pk), fb)
    return found


def check(batch: Batch) -> Plan:
    plan = Plan()
    seen: dict[str, int] = {}
    rows = list(batch.each("checking feedback"))
    stored = _stored(batch.workspace, list({row["feedback_id"] for row in rows}))
    for row in rows:
        fid = batch.text(row, "feedback_id", ID_MAX)
        batch.text(row, "submitted_at", 64)
        if not fid or not batch.once(row, "feedback_id", fid, seen) or not row["submitted_at"]:
            continue
        data: dict[str, Any] = {column: row[column] for column in COLUMNS[1:] + OPTIONAL}
        try:
            fb = prepare_feedback(batch.workspace, data, channel=CHANNEL, external_id=fid)
        except ResponseError as exc:
            field = exc.field if exc.field in COLUMNS + OPTIONAL else "feedback_id"
            batch.bad(row, field, exc.message)
            continue
        if fid not in stored:
            plan.new.append(fb)
        elif _same(stored[fid], fb, batch.has("standard")):
            plan.unchanged += 1
        else:
            batch.bad(row, "feedback_id", f"feedback {fid} is already stored with other content")
    return plan


def write(batch: Batch, plan: Plan) -> Counts:
    for fb in plan.new:
        store_feedback(fb, live=batch.open_cases)
    return Counts(created=len(plan.new), unchanged=plan.unchanged)


def _row(fb: Feedback, standard: bool) -> list[Value]:
    row: list[Value] = [
        # Exported as shown: PII in the words replaced (docs/text.md); a backup keeps them.
        fb.external_id or str(fb.pk), iso(fb.submitted_at), fb.kind, redact(fb.text),
        fb.touchpoint.code if fb.touchpoint else None, fb.unit.code if fb.unit else None,
        fb.employee.code if fb.employee else None, fb.contact, fb.consent,
    ]  # fmt: skip
    if standard:
        row.append(fb.standard.code if fb.standard else None)
    return row


def export(workspace: Workspace) -> Table:
    """The nine columns, and ``standard`` only when some feedback has one."""
    feedback = (
        Feedback.objects.of(workspace)
        .select_related("touchpoint", "unit", "employee", "standard")
        .order_by("submitted_at", "id")
    )
    standard = feedback.filter(standard__isnull=False).exists()
    rows = [_row(fb, standard) for fb in feedback.iterator(chunk_size=2000)]
    return Table(list(COLUMNS + OPTIONAL) if standard else list(COLUMNS), rows)


KIND = Kind("feedback", COLUMNS, optional=OPTIONAL, check=check, write=write, export=export)
