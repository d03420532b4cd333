"""responses: the canonical long format, one row per answer.

``response_id,submitted_at,time_zone,perspective,respondent,unit,supplier,touchpoint,survey,
item,kind,value``, and an optional ``employee`` after them (customer responses: the code of the
employee who served; the export writes the column only when some response names one, so files
without it keep exactly these twelve columns), and an optional ``competitor`` (the competitor
code of a ``competitor_experience`` answer, blank on every other kind; written only when some
answer names one). Rows with the same ``response_id`` make one
response; their response columns must agree. Each response is checked by the response contract's
own pieces (``prepare_response`` with code lookups cached for the whole file) and stored in bulk.
A ``response_id`` already stored (its ``external_id``, or the id of a response that has none)
with the same content is skipped; with other content it is a bad row. The export writes
``external_id`` if set, else the id.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from servicegap.core.models import Workspace
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.surveys import protected
from servicegap.surveys.contract import Lookups, Prepared, ResponseError, prepare_response
from servicegap.surveys.contract import store_responses as store
from servicegap.surveys.models import Answer, Response
from servicegap.text.show import redact
from servicegap.transfer.batch import Batch, Row
from servicegap.transfer.csvio import to_text
from servicegap.transfer.registry import Counts, Kind, Table, Value

COLUMNS = (
    "response_id", "submitted_at", "time_zone", "perspective", "respondent", "unit", "supplier",
    "touchpoint", "survey", "item", "kind", "value",
)  # fmt: skip
RESPONSE_COLUMNS = COLUMNS[1:9]
OPTIONAL = ("employee", "competitor")
ID_MAX = 100
STORE_CHUNK = 2000  # responses per bulk write (and progress step)
_ANSWER_FIELD = re.compile(r"answers\[(\d+)\](?:\.(\w+))?")


@dataclass
class Plan:
    new: list[Prepared] = field(default_factory=list)
    unchanged: int = 0


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _signature(
    response: Response, respondent: str, answers: Sequence[tuple], employee: bool
) -> tuple:
    """What makes two responses the same: every column of the file, answers in any order (the
    employee only when the file has that column: a twelve-column file leaves it as stored)."""
    return (
        response.submitted_at, response.time_zone, response.perspective, respondent,
        response.unit_id, response.supplier_id, response.touchpoint_id, response.survey_id,
        sorted(answers, key=repr), response.employee_id if employee else None,
    )  # fmt: skip


def answers_of(response_ids: list[int]):
    """The answers of these responses, found by their response ids alone. The ids come from the
    workspace's own responses, so that scopes them; with ``workspace_id = ?`` in the query as
    well, SQLite without table statistics walks the workspace's index, every answer of the
    workspace for each chunk of ids (a re-import of 100,000 responses took minutes)."""
    return Answer.objects.filter(response_id__in=response_ids)


def _stored(workspace: Workspace, rids: list[str], employee: bool) -> dict[str, tuple]:
    """Signatures of the stored responses these response_ids name."""
    found: dict[str, Response] = {}
    query = Response.objects.of(workspace).select_related("respondent")
    for start in range(0, len(rids), 500):
        chunk = rids[start : start + 500]
        for r in query.filter(external_id__in=chunk):
            found.setdefault(r.external_id, r)
        ids = [int(rid) for rid in chunk if rid.isdigit() and rid not in found]
        for r in query.filter(pk__in=ids, external_id=""):
            found.setdefault(str(r.pk), r)
    answers: dict[int, list[tuple]] = {r.pk: [] for r in found.values()}
    pks = list(answers)
    for start in range(0, len(pks), 500):
        rows = answers_of(pks[start : start + 500])
        for rid, *values in rows.values_list(
            "response_id", "item", "kind", "value_num", "value_text", "competitor"
        ):
            answers[rid].append(tuple(values))
    return {
        rid: _signature(r, r.respondent.code if r.respondent else "", answers[r.pk], employee)
        for rid, r in found.items()
    }


def _where(exc: ResponseError, rows: list[Row]) -> tuple[Row, str]:
    """The row and column a contract error points at."""
    match = _ANSWER_FIELD.fullmatch(exc.field)
    if match:
        return rows[int(match.group(1))], match.group(2) or "item"
    if exc.field == "answers":
        return rows[0], "item"
    return rows[0], exc.field if exc.field in COLUMNS + OPTIONAL else "response_id"


def _agree(
    batch: Batch,
    rid: str,
    rows: list[Row],
    columns: Callable[[list[str]], Any],
    names: Sequence[str] = RESPONSE_COLUMNS,
) -> bool:
    """Whether every row of a response has the same ``columns`` (a getter of the cells of
    ``names``)."""
    first, ok = rows[0], True
    same = columns(first.cells)
    for row in rows[1:]:
        if columns(row.cells) == same:
            continue
        for column in names:
            if row[column] != first[column]:
                batch.bad(
                    row, column, f"{row[column]!r} differs from line {first.line} ({first[column]!r}) "
                    f"of response {rid}; a response's columns are the same on each of its rows",
                )  # fmt: skip
                ok = False
    return ok


def check(batch: Batch) -> Plan:
    groups: dict[str, list[Row]] = {}
    # Every column is in the header (a missing one is refused before), so cells are read by
    # position: a row's __getitem__ for each would cost a tenth of the import.
    employee = batch.has("employee")
    names = (*RESPONSE_COLUMNS, "employee") if employee else RESPONSE_COLUMNS
    at = {column: batch.header.index(column) for column in COLUMNS + OPTIONAL if batch.has(column)}
    columns = operator.itemgetter(*(at[c] for c in names))
    item_at, kind_at, value_at, rid_at = at["item"], at["kind"], at["value"], at["response_id"]
    rival_at = at.get("competitor")  # an answer's own column, not the response's
    for row in batch.each("reading responses"):
        rid = row.cells[rid_at]
        if not rid or len(rid) > ID_MAX:  # the check names the problem
            rid = batch.text(row, "response_id", ID_MAX)
        if rid:
            groups.setdefault(rid, []).append(row)
    lookups = Lookups(batch.workspace)
    stored = _stored(batch.workspace, list(groups), employee)
    plan = Plan()
    for rid, rows in groups.items():
        if not _agree(batch, rid, rows, columns, names):
            continue
        data: dict[str, Any] = dict(zip(names, columns(rows[0].cells), strict=True))
        data["answers"] = [
            {"item": c[item_at], "kind": c[kind_at], "value": c[value_at]}
            | ({"competitor": c[rival_at]} if rival_at is not None else {})
            for c in (r.cells for r in rows)
        ]
        try:
            prepared = prepare_response(lookups, data, external_id=rid)
        except ResponseError as exc:
            batch.bad(*_where(exc, rows), exc.message)
            continue
        perspective = prepared.response.perspective
        if perspective in PROTECTED_PERSPECTIVES and not batch.protected:
            batch.bad(rows[0], "perspective", protected.web_refusal(perspective))
            continue
        if rid not in stored:
            plan.new.append(prepared)
            continue
        answers = [
            (a.item, a.kind, a.value_num, a.value_text, a.competitor) for a, _ in prepared.answers
        ]
        if stored[rid] == _signature(prepared.response, prepared.respondent, answers, employee):
            plan.unchanged += 1
        else:
            batch.bad(
                rows[0], "response_id", f"response {rid} is already stored with other content; "
                "answers are never rewritten: give the corrected response a new response_id",
            )  # fmt: skip
    return plan


def write(batch: Batch, plan: Plan) -> Counts:
    chunks = [plan.new[i : i + STORE_CHUNK] for i in range(0, len(plan.new), STORE_CHUNK)]
    if batch.progress is not None and len(chunks) > 1:
        with batch.progress(chunks, label="storing responses") as bar:
            for chunk in bar:
                store(batch.workspace, chunk, live=batch.open_cases)
    else:
        for chunk in chunks:
            store(batch.workspace, chunk, live=batch.open_cases)
    if batch.protected:
        protected.note_imported(batch.workspace, (p.response for p in plan.new), "cli", "cli")
    return Counts(created=len(plan.new), unchanged=plan.unchanged)


def _rows(workspace: Workspace, employee: bool, rival: bool) -> Iterator[list[Value]]:
    answers = (
        Answer.objects.of(workspace)
        .order_by("response__submitted_at", "response_id", "id")
        .values_list(
            "response_id",
            "response__external_id",
            "response__submitted_at",
            "response__time_zone",
            "response__perspective",
            "response__respondent__code",
            "response__unit__code",
            "response__supplier__code",
            "response__touchpoint__code",
            "response__survey__code",
            "response__employee__code",
            "item",
            "kind",
            "value_num",
            "value_text",
            "competitor",
        )  # fmt: skip
    )
    for (
        pk,
        external,
        at,
        zone,
        persp,
        who,
        unit,
        supplier,
        tp,
        survey,
        served,
        item,
        kind,
        num,
        text,
        competitor,
    ) in answers.iterator(chunk_size=5000):
        # A comment is exported as shown, PII replaced (docs/text.md); a backup keeps it whole.
        value = to_text(num) if num is not None else (redact(text) if kind == "text" else text)
        row: list[Value] = [external or str(pk), iso(at), zone, persp, who, unit, supplier, tp,
                            survey, item, kind, value]  # fmt: skip
        if employee:
            row.append(served)
        if rival:
            row.append(competitor or None)
        yield row


def export(workspace: Workspace) -> Table:
    """The twelve columns, ``employee`` only when some response names one (as the
    transactions' optional columns) and ``competitor`` only when some answer names one: a file
    without them keeps its old header."""
    employee = Response.objects.of(workspace).filter(employee__isnull=False).exists()
    rival = Answer.objects.of(workspace).exclude(competitor="").exists()
    header = [*COLUMNS, *(["employee"] if employee else []), *(["competitor"] if rival else [])]
    return Table(header, _rows(workspace, employee, rival))


KIND = Kind("responses", COLUMNS, optional=OPTIONAL, check=check, write=write, export=export)
