"""Responses through a column mapping: the steps `qualtrics-responses` and `wide` share.

A file read into an ``Export`` (columns and rows) answers an existing survey; the mapping CSV
says which column feeds which item and kind (docs/formats.md). Here: the proposal to start from,
the checks of a mapping against the survey, and the import itself, where choice answers are
checked against the question's options and a label ("with choice text" exports, Google Forms)
becomes its option's code; rows the source marks as preview, test, spam or unfinished are left
out and counted unless ``--include-preview`` / ``--include-unfinished``; everything is written in
the import's one transaction, or nothing.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from servicegap.lib.qualtrics import (
    LEFT_OUT,
    META,
    NOT_ANSWERED,
    SKIP,
    Export,
    FormatError,
    QuestionInfo,
    Target,
    choice_code,
    flag_columns,
    numbers,
    propose,
    read_mapping,
    row_flag,
)
from servicegap.lib.scales import KINDS, RESPONSE_KINDS
from servicegap.transfer import csvio
from servicegap.transfer.batch import PROGRESS_ABOVE
from servicegap.transfer.filekinds import MappingNeeded, Options, RejectedRow, Report
from servicegap.transfer.registry import Problem, Rejected, TransferError


def each(items: list[Any], progress: Callable[..., Any] | None, label: str) -> Iterator[Any]:
    """The items, behind the import's progress bar when there are many (as a row kind's)."""
    if progress is None or len(items) <= PROGRESS_ABOVE:
        yield from items
        return
    with progress(items, label=label) as bar:
        yield from bar


def format_error(filename: str, exc: FormatError) -> TransferError:
    return TransferError(Problem(exc.line, exc.column, exc.reason).show(filename))


# What to use instead, for a file of another kind given to a response import (lib/filekind.py).
USE_INSTEAD = {
    "lss": "use `servicegap import limesurvey`",
    "lsa": "use `servicegap import limesurvey`: it imports the survey with its responses",
    "lsr": "import the survey archive (.lsa) that holds it with `servicegap import limesurvey`",
    "qsf": "use `servicegap import qualtrics-survey`",
    "ls-responses": "use `servicegap import limesurvey-responses --survey CODE`",
    "ls-tsv": "use `servicegap import limesurvey` with the survey structure (.lss)",
    "xlsx": "export the responses as CSV",
    "xls": "save it as CSV (UTF-8)",
    "pdf": "export the responses as CSV",
    "zip": "unpack it and import the CSV inside",
}


def refuse_other_kinds(data: bytes, filename: str, accepted: tuple[str, ...] = ()) -> None:
    """Raise TransferError naming what the file is, when it is a kind of file this import does
    not read (a .qsf, a LimeSurvey archive, a workbook, ...), instead of a UTF-8 or CSV error."""
    from servicegap.lib.filekind import described, sniff

    found = sniff(data)
    if found in USE_INSTEAD and found not in accepted:
        raise TransferError(f"{filename}: this is {described(found)}; {USE_INSTEAD[found]}")


def find_survey(workspace: Any, code: str, kind: str = "qualtrics-responses") -> Any:
    from servicegap.surveys.models import Survey

    if not code:
        raise TransferError(f"{kind} needs --survey CODE: the survey the responses answer")
    survey = Survey.objects.of(workspace).filter(code=code).first()
    if survey is None:
        raise TransferError(f"no survey with code {code!r} in this workspace")
    return survey


def current_questions(workspace: Any, survey: Any) -> list[Any]:
    """The questions of the survey's current version, in their order."""
    from servicegap.surveys.models import Question

    return list(
        Question.objects.of(workspace)
        .filter(survey=survey, survey_version=survey.version)
        .order_by("position", "pk")
    )


def plain(text: Any) -> str:
    """A text of a survey (its HTML kept by the importers) as the words a file would hold."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", str(text or ""))).split())


def question_info(q: Any) -> QuestionInfo:
    texts = q.text if isinstance(q.text, dict) else {}
    return QuestionInfo(
        q.code,
        q.kind,
        [str(o["code"]) for o in q.options],
        [str(r["code"]) for r in q.rows],
        multiple=bool(getattr(q, "multiple", False)),
        texts=tuple(plain(t) for t in texts.values() if t),
        row_labels={plain(r.get("label")).casefold(): str(r["code"]) for r in q.rows},
    )


def proposal(
    workspace: Any, survey: Any, export: Export, meta_names: dict[str, str] | None = None
) -> str:
    """The mapping CSV to start from (printed by the CLI, pre-filled on the Imports page)."""
    infos = [question_info(q) for q in current_questions(workspace, survey)]
    return propose(export.columns, infos, set(RESPONSE_KINDS), meta_names)


def check_mapping(
    workspace: Any, survey: Any, export: Export, targets: list[Target], name: str
) -> list[Target]:
    """The mapping's answer and metadata targets; every bad line of it raises Rejected."""
    from servicegap.standards.models import Standard
    from servicegap.surveys.models import Question

    kinds_of: dict[str, set[str]] = {}  # question code -> the kinds it is answered as
    options_of: dict[str, set[str]] = {}  # question code -> its option codes (current version)
    questions = Question.objects.of(workspace).filter(survey=survey)
    for code, kind, options, version in questions.values_list(
        "code", "kind", "options", "survey_version"
    ):
        kinds_of.setdefault(code, set()).add(kind)
        if version == survey.version and options:
            options_of[code] = {str(o.get("code")) for o in options if isinstance(o, dict)}
    standards = set(Standard.objects.of(workspace).values_list("code", flat=True))
    columns = {c.id for c in export.columns}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    used: list[Target] = []
    for t in targets:
        bad = len(problems)
        if t.column in seen:
            problems.append(Problem(t.line, "column", f"{t.column!r} is mapped twice"))
        seen.setdefault(t.column, t.line)
        if t.column not in columns:
            problems.append(Problem(t.line, "column", f"{t.column!r} is not a column of the file"))
        if t.kind not in (*KINDS, *META, SKIP):
            allowed = ", ".join((*META, SKIP, *KINDS))
            problems.append(Problem(t.line, "kind", f"{t.kind!r} is not allowed; use {allowed}"))
        elif t.kind in RESPONSE_KINDS and t.item:
            problems.append(Problem(t.line, "item", f"a {t.kind} answer takes no item"))
        elif t.kind in KINDS and t.kind not in RESPONSE_KINDS and t.kind != "importance":
            code = t.item.split(".", 1)[0]
            if code not in kinds_of and code not in standards:
                why = f"no question of survey {survey.code} or standard with code {code!r}"
                problems.append(Problem(t.line, "item", why if code else "is required"))
            elif code not in standards and t.kind not in kinds_of[code]:
                asked = " or ".join(sorted(kinds_of[code]))
                why = f"question {code} of survey {survey.code} takes {asked}, not {t.kind}"
                problems.append(Problem(t.line, "kind", why))
            elif t.value and code in options_of and t.value not in options_of[code]:
                known = ", ".join(sorted(options_of[code]))
                why = f"{t.value!r} is not an option of question {code} (its options: {known})"
                problems.append(Problem(t.line, "value", why))
        if len(problems) == bad and t.kind != SKIP:
            used.append(t)
    for meta in META:
        lines = [t.line for t in used if t.kind == meta]
        if len(lines) > 1:
            problems.append(Problem(lines[1], "kind", f"{meta} is mapped twice"))
        if meta == "submitted_at" and not lines:
            line = targets[-1].line + 1 if targets else 2
            problems.append(
                Problem(line, "kind", "map one column (e.g. RecordedDate) to submitted_at")
            )
    if problems:
        raise Rejected(name, problems)
    return used


KEEP_FLAGS = {"preview": ("preview", "test", "spam"), "unfinished": ("unfinished",)}
FLAG_WORDS = {
    "preview": "preview row(s)",
    "test": "test row(s)",
    "spam": "row(s) marked as spam",
    "unfinished": "unfinished row(s)",
}


def _kept(options: Options) -> set[str]:
    kept: set[str] = set()
    if options.include_preview:
        kept.update(KEEP_FLAGS["preview"])
    if options.include_unfinished:
        kept.update(KEEP_FLAGS["unfinished"])
    return kept


def left_out_notes(counts: dict[str, int]) -> list[str]:
    """One sentence per kind of row left out, with the option that keeps them."""
    notes = []
    for flag in LEFT_OUT:
        if counts.get(flag):
            option = "--include-unfinished" if flag == "unfinished" else "--include-preview"
            notes.append(f"{counts[flag]} {FLAG_WORDS[flag]} left out; {option} keeps them")
    return notes


class Choices:
    """The options of the survey's questions (current version), to check and translate the
    cells that answer them: a code, or a label of an export "with choice text"."""

    def __init__(self, workspace: Any, survey: Any) -> None:
        self.options: dict[str, list[tuple[str, str]]] = {}
        self.multiple: set[str] = set()
        for q in current_questions(workspace, survey):
            if q.options:
                self.options[q.code] = [(str(o["code"]), plain(o.get("label"))) for o in q.options]
            if getattr(q, "multiple", False):
                self.multiple.add(q.code)

    def values(self, target: Target, raw: str) -> list[str] | str:
        """The values a cell gives (several for a multiple-answer cell), or the reason it is
        not one of the question's options."""
        code = target.item.split(".", 1)[0]
        options = self.options.get(code) if code else None
        if target.value:  # one column per option: any mark but "0" picks it
            return [] if raw == "0" else [target.value]
        if not options:
            several = numbers(raw) if target.kind == "choice" else None
            return several or [raw]
        one = choice_code(raw, options)
        if one is not None:
            return [one]
        for separator in (";", ","):  # Google Forms joins with ";", Qualtrics with ","
            parts = [p.strip() for p in raw.split(separator) if p.strip()]
            if len(parts) > 1:
                codes = [choice_code(p, options) for p in parts]
                if all(c is not None for c in codes):
                    return [c for c in codes if c is not None]
        shown = ", ".join(f"{c} ({label})" if label else c for c, label in options[:8])
        more = f" and {len(options) - 8} more" if len(options) > 8 else ""
        return (
            f"{raw!r} is neither the code nor the label of an option of question {code} "
            f"({shown}{more})"
        )


def import_export(
    workspace: Any,
    export: Export,
    filename: str,
    options: Options,
    kind: str,
    dates: Callable[[str, list[str]], Callable[[str], str]] | None = None,
    meta_names: dict[str, str] | None = None,
    fingerprint: bool = False,
) -> Report:
    """Import the rows of ``export`` into the survey ``options.survey`` through the mapping.

    ``dates(column, values)`` gives the reader of the submitted_at column (wide files, whose
    dates come in many forms); ValueError from it refuses the file. Without it the dates are
    Qualtrics' ``YYYY-MM-DD HH:MM:SS``. ``meta_names`` are the column names the proposal maps
    to response fields (``lib.wide.META_NAMES``). With ``fingerprint`` a file without a
    response id column names each row by its content, so importing it again adds nothing."""
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

    survey = find_survey(workspace, options.survey)
    if survey.perspective in PROTECTED_PERSPECTIVES and not options.protected:
        raise TransferError(
            f"{filename}: survey {survey.code}: {protected.web_refusal(survey.perspective)}"
        )
    if options.mapping is None:
        found = ", ".join(c.id for c in export.columns)
        raise MappingNeeded(
            f"{filename} has {len(export.columns)} columns ({found}); say which column holds "
            "which answer with --map MAPPING.csv (a proposal to edit was printed on stdout; "
            "docs/formats.md explains it)",
            proposal(workspace, survey, export, meta_names),
        )
    mapping_name = options.mapping_name or "mapping"
    try:
        targets = read_mapping(csvio.decode(options.mapping, mapping_name))
    except FormatError as exc:
        raise format_error(mapping_name, exc) from None
    used = check_mapping(workspace, survey, export, targets, mapping_name)
    index = {c.id: c.index for c in export.columns}
    when = next(t for t in used if t.kind == "submitted_at")
    zone = options.time_zone or export.columns[index[when.column]].time_zone or "UTC"
    read_date = None
    if dates is not None:
        try:
            read_date = dates(when.column, [_cell(c, index[when.column]) for _, c in export.rows])
        except ValueError as exc:
            raise TransferError(f"{filename}: {exc}") from None
    report = Report(kind=kind, reject_header=[c.id for c in export.columns])
    report.details = {"survey": survey.code, "time_zone": zone}
    id_column = next((t.column for t in used if t.kind == "response_id"), "")
    ids = [_cell(cells, index[id_column]) for _, cells in export.rows] if id_column else []
    if fingerprint and not id_column:
        ids = [_row_id(kind, cells) for _, cells in export.rows]
    known = set(
        Response.objects.of(workspace)
        .filter(survey=survey, external_id__in=[i for i in ids if i])
        .values_list("external_id", flat=True)
    )
    problems: list[Problem] = []
    first: dict[str, int] = {}
    lookups = Lookups(workspace)
    choices = Choices(workspace, survey)
    flags, kept = flag_columns(export.columns), _kept(options)
    left_out: dict[str, int] = {}
    prepared: list[Prepared] = []
    for line, cells in each(export.rows, options.progress, "reading responses"):
        flag = row_flag(cells, flags) if flags else ""
        if flag and flag not in kept:
            left_out[flag] = left_out.get(flag, 0) + 1
            continue
        body, sources, bad = _response(survey, used, index, cells, zone, line, choices, read_date)
        rid = _cell(cells, index[id_column]) if id_column else ""
        if fingerprint and not id_column:
            rid = _row_id(kind, cells)
        if bad:
            row_problems = bad
        elif rid and rid in first:
            again = f"{rid} appears again (first on line {first[rid]})"
            if not id_column:  # no response id: rows are known by their content
                again = f"is the same response as line {first[rid]}, cell for cell"
            row_problems = [Problem(line, id_column or "row", again)]
        elif rid in known:
            report.unchanged += 1
            continue
        elif not body["answers"]:
            report.skipped += 1
            report.unsupported.append(Problem(line, rid or "response", "no mapped answer"))
            continue
        else:
            if rid:
                first[rid] = line
            try:
                prepared.append(prepare_response(lookups, body, external_id=rid))
                continue
            except ResponseError as exc:
                row_problems = [Problem(line, _source(exc.field, sources), exc.message)]
        if options.skip_invalid:
            report.rejected.append(RejectedRow(line, row_problems, cells))
        else:
            problems.extend(row_problems)
    if problems:
        raise Rejected(filename, problems)
    stored = store_responses(workspace, prepared, live=options.open_cases)
    if options.protected:
        protected.note_imported(workspace, stored, "cli", "cli")
    report.created = len(prepared)
    report.details["left_out"] = left_out
    report.notes.extend(left_out_notes(left_out))
    return report


def _row_id(kind: str, cells: list[str]) -> str:
    """A row's id made of its content (a file without a response id column): the same row
    imported again is recognised."""
    return f"{kind}-" + hashlib.sha256(json.dumps(cells).encode()).hexdigest()[:24]


def _cell(cells: list[str], i: int) -> str:
    return cells[i].strip() if i < len(cells) else ""


def _response(
    survey: Any,
    used: list[Target],
    index: dict[str, int],
    cells: list[str],
    zone: str,
    line: int,
    choices: Choices,
    read_date: Callable[[str], str] | None,
) -> tuple[dict[str, Any], dict[str, str], list[Problem]]:
    body: dict[str, Any] = {"perspective": survey.perspective, "survey": survey.code}
    if survey.touchpoint_id:
        body["touchpoint"] = survey.touchpoint.code
    sources: dict[str, str] = {}
    answers: list[dict[str, Any]] = []
    bad: list[Problem] = []
    for t in used:
        raw = _cell(cells, index[t.column])
        if t.kind in META:
            sources[t.kind] = t.column
            if t.kind == "submitted_at":
                try:
                    when = read_date(raw) if read_date else raw.replace(" ", "T", 1)
                except ValueError as exc:
                    bad.append(Problem(line, t.column, str(exc)))
                    continue
                body["submitted_at"], body["time_zone"] = when, zone
            elif t.kind != "response_id" and raw:
                body[t.kind] = raw
            continue
        if raw in NOT_ANSWERED:
            continue
        values = choices.values(t, raw)
        if isinstance(values, str):
            bad.append(Problem(line, t.column, values))
            continue
        for v in values:
            sources[f"answers[{len(answers)}]"] = t.column
            answers.append({"item": t.item, "kind": t.kind, "value": v})
    body["answers"] = answers
    return body, sources, bad


def _source(field: str, sources: dict[str, str]) -> str:
    """The CSV column behind a contract field such as ``answers[2].value``."""
    head = field.split(".", 1)[0]
    return sources.get(head, field or "response")
