"""`servicegap import limesurvey-responses FILE --survey CODE`: LimeSurvey's response export (CSV,
or the tab-separated ``.txt``) into an existing survey, and the responses of a survey archive
(``lsa.py`` calls ``import_table`` with the archive's ``.lsr``).

The columns are matched to the survey's questions by code (servicegap.lib.limesurvey_responses);
a column that answers none is listed once in the report. Unfinished responses (no submit date)
are left out and counted unless ``--include-unfinished``. Each response goes through the
response contract and all are written in the import's one transaction, or none.
"""

from __future__ import annotations

from typing import Any

from servicegap.lib.limesurvey_responses import (
    NO_DATE,
    NotAnswer,
    QuestionShape,
    Table,
    answers,
    column_key,
    headed_by_text,
    read_export,
)
from servicegap.lib.scales import RESPONSE_KINDS
from servicegap.surveys.transfer.mapped import (
    current_questions,
    each,
    find_survey,
    left_out_notes,
    plain,
    refuse_other_kinds,
)
from servicegap.transfer import csvio
from servicegap.transfer.filekinds import Options, RejectedRow, Report
from servicegap.transfer.registry import Kind, Problem, Rejected, TransferError

KIND = Kind(name="limesurvey-responses", columns=())
# The metadata columns under their code headings and their "full" headings.
ID = ("id", "response id")
SUBMITTED = ("submitdate", "date submitted")
STARTED = ("datestamp", "date last action", "startdate", "date started")
TOKEN = ("token", "access code")


def _shapes(workspace: Any, survey: Any) -> dict[str, QuestionShape]:
    return {
        q.code: QuestionShape(
            q.code,
            q.kind,
            [(str(o["code"]), plain(o.get("label"))) for o in q.options],
            [str(r["code"]) for r in q.rows],
            bool(getattr(q, "multiple", False)),
            q.kind in RESPONSE_KINDS,
        )
        for q in current_questions(workspace, survey)
    }


def _at(table: Table, names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in table.header]
    return next((lowered.index(n) for n in names if n in lowered), None)


def import_table(
    workspace: Any,
    survey: Any,
    table: Table,
    filename: str,
    options: Options,
    titles: dict[str, str] | None = None,
    report: Report | None = None,
) -> Report:
    """Store the rows of ``table`` as responses of ``survey``; raises Rejected for bad rows
    (unless ``options.skip_invalid``). ``titles`` maps question ids to codes (SGQA columns)."""
    from servicegap.lib.scales import PROTECTED_PERSPECTIVES
    from servicegap.surveys import protected
    from servicegap.surveys.contract import (
        Lookups,
        Prepared,
        ResponseError,
        prepare_response,
        store_responses,
    )
    from servicegap.surveys.models import Response

    if survey.perspective in PROTECTED_PERSPECTIVES and not options.protected:
        raise TransferError(
            f"{filename}: survey {survey.code}: {protected.web_refusal(survey.perspective)}"
        )
    report = report or Report(kind=KIND.name)
    report.reject_header = list(table.header)
    shapes = _shapes(workspace, survey)
    keys = {i: column_key(h, set(shapes), titles) for i, h in enumerate(table.header)}
    id_at, sent_at, token_at = _at(table, ID), _at(table, SUBMITTED), _at(table, TOKEN)
    started_at = _at(table, STARTED)
    if id_at is None:
        raise TransferError(f"{filename}:1: id: the response id column is missing")
    unmatched = [
        h for i, h in enumerate(table.header)
        if keys[i] is None and i not in (id_at, sent_at, token_at, started_at)
        and h.strip().lower() not in _META_NAMES
    ]  # fmt: skip
    if table.rows and all(k is None for k in keys.values()):
        raise TransferError(_nothing_answered(filename, survey, table.header, unmatched, shapes))
    if unmatched:
        more = f" and {len(unmatched) - 12} more" if len(unmatched) > 12 else ""
        report.notes.append(
            f"{len(unmatched)} column(s) answer no question of survey {survey.code}: "
            f"{', '.join(unmatched[:12])}{more}"
        )
    zone = options.time_zone or "UTC"
    known = set(
        Response.objects.of(workspace).filter(survey=survey).values_list("external_id", flat=True)
    )
    lookups = Lookups(workspace)
    prepared: list[Prepared] = []
    problems: list[Problem] = []
    skipped_columns: dict[str, str] = {}
    left_out: dict[str, int] = {}
    undated = 0
    for line, cells in each(table.rows, options.progress, "reading responses"):

        def cell(i: int | None, cells: list[str] = cells) -> str:
            return cells[i].strip() if i is not None and i < len(cells) else ""

        submitted = cell(sent_at)
        if not submitted and sent_at is not None and not options.include_unfinished:
            left_out["unfinished"] = left_out.get("unfinished", 0) + 1
            continue
        when = submitted or cell(started_at)
        undated += when == NO_DATE
        rid = f"{survey.code}-{cell(id_at)}"
        if rid in known:
            report.unchanged += 1
            continue
        body: dict[str, Any] = {
            "perspective": survey.perspective,
            "survey": survey.code,
            "submitted_at": when.replace(" ", "T", 1),
            "time_zone": zone,
        }
        if survey.touchpoint_id:
            body["touchpoint"] = survey.touchpoint.code
        if cell(token_at):
            body["respondent"] = cell(token_at)
        found: list[Problem] = []
        if not when:
            why = "the response has no date (no submitdate, datestamp or startdate)"
            found.append(Problem(line, table.header[sent_at] if sent_at is not None else "id", why))
        given: list[dict[str, str]] = []
        for i, key in keys.items():
            if key is None or i >= len(cells):
                continue
            code, rest = key
            try:
                for item, value in answers(shapes[code], rest, cells[i]):
                    given.append({"item": item, "kind": shapes[code].kind, "value": value})
            except NotAnswer as exc:
                skipped_columns.setdefault(table.header[i], str(exc))
            except ValueError as exc:
                found.append(Problem(line, table.header[i], str(exc)))
        body["answers"] = given
        if not found and not given:  # nothing answered: counted, not stored
            report.skipped += 1
            continue
        if not found:
            try:
                prepared.append(prepare_response(lookups, body, external_id=rid))
                known.add(rid)
                continue
            except ResponseError as exc:
                found = [Problem(line, exc.field or "response", exc.message)]
        if options.skip_invalid:
            report.rejected.append(RejectedRow(line, found, cells))
        else:
            problems.extend(found)
    if problems:
        raise Rejected(filename, problems)
    store_responses(workspace, prepared, live=options.open_cases)
    if options.protected:
        protected.note_imported(workspace, (p.response for p in prepared), "cli", "cli")
    report.created += len(prepared)
    for column, reason in skipped_columns.items():
        report.unsupported.append(Problem(1, column, f"not imported: {reason}"))
    report.notes.extend(left_out_notes(left_out))
    if undated:
        report.notes.append(
            f"{undated} response(s) carry LimeSurvey's placeholder date {NO_DATE} (the survey "
            "did not record dates); they are stored with that date"
        )
    report.details.update(survey=survey.code, responses=len(prepared), left_out=left_out)
    return report


# Further columns LimeSurvey writes that hold no answer (full headings, timings); the dates
# not used (an export has both "startdate" and "datestamp").
_META_NAMES = frozenset(
    {"lastpage", "last page", "startlanguage", "start language", "seed", "ipaddr", "ip address",
     "refurl", "referrer url", "interviewtime", "total time", "optout", "emailstatus",
     *STARTED}
)  # fmt: skip


def _nothing_answered(
    filename: str,
    survey: Any,
    header: list[str],
    unmatched: list[str],
    shapes: dict[str, QuestionShape],
) -> str:
    """Why a file of which no column answers a question of the survey is refused (it was
    "0 created" with exit 0): its headings are texts, or it is another survey's export."""
    if headed_by_text(header):
        return (
            f"{filename}:1: {header[0]}: the columns are headed by question texts, not codes "
            "(LimeSurvey's 'Full question text' headings, which its R and SPSS data files "
            "always have); export the responses again as CSV with the headings 'Question code'"
        )

    def some(names: list[str]) -> str:
        return ", ".join(names[:8]) + (" ..." if len(names) > 8 else "") if names else "none"

    return (
        f"{filename}:1: no column answers a question of survey {survey.code} (its codes: "
        f"{some(sorted(shapes))}; the file's columns: {some(unmatched)}); is it the export of "
        "this survey?"
    )


def import_file(workspace: Any, data: bytes, filename: str, options: Options) -> Report:
    survey = find_survey(workspace, options.survey, KIND.name)
    refuse_other_kinds(data, filename, accepted=("ls-responses",))
    try:
        table = read_export(csvio.decode(data, filename))
    except ValueError as exc:
        raise TransferError(f"{filename}:{exc}") from None
    return import_table(workspace, survey, table, filename, options)
