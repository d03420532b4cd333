"""The column-mapping step of a Qualtrics response export, or of a wide file, on the Imports page.

The page shows every column of the stored export (its three header rows, or a wide file's column
name, and a few values) with a select of what the column holds, pre-filled with the proposal
`servicegap import qualtrics-responses` (or `wide`) prints. The selects become the mapping CSV the command takes with ``--map``
(``column,item,kind,value,label``): ``lib.qualtrics.read_mapping`` reads it back and
``surveys.transfer.mapped.check_mapping`` checks it, so a bad choice is a form error naming
its column, and the job runs the very file the command would.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.template.defaultfilters import pluralize
from django.utils.html import strip_tags

from servicegap.imports.forms import MODES
from servicegap.imports.jobs import MAPPING_NAME
from servicegap.imports.models import ImportJob
from servicegap.lib.qualtrics import (
    MAPPING_COLUMNS,
    MAPPING_OPTIONAL,
    META,
    SKIP,
    Column,
    Export,
    FormatError,
    flag_columns,
    read_mapping,
    row_flag,
)
from servicegap.lib.scales import RESPONSE_KINDS
from servicegap.lib.wide import META_NAMES, SHORTHANDS, date_reader
from servicegap.surveys.transfer import qualtrics, wide
from servicegap.surveys.transfer.mapped import (
    check_mapping,
    current_questions,
    find_survey,
    proposal,
)
from servicegap.transfer.registry import Rejected, TransferError

SAMPLES = 3  # values shown per column
SHORT = 60  # characters of a question text or value shown
FIELD_LABELS = {
    "submitted_at": "when submitted",
    "response_id": "skips one imported before",
    "respondent": "person code",
    "unit": "unit code",
    "touchpoint": "touchpoint code",
}
IGNORE = ""  # the value of "Ignore this column"

Choices = list[tuple[str, Any]]


def reader(kind: str) -> Callable[[bytes, str], Export]:
    """The reader of an upload of a mapped kind: a Qualtrics export or a wide file."""
    return wide.read_upload if kind == "wide" else qualtrics.read_upload


def encode(item: str, kind: str, value: str = "") -> str:
    """A select's value: the ``item,kind[,value]`` of a mapping line, as CSV."""
    if kind == SKIP:
        return IGNORE
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([item, kind, value] if value else [item, kind])
    return out.getvalue()


def decode(raw: str) -> tuple[str, str, str] | None:
    """(item, kind, value) of a posted select value; None when it is not one."""
    if not raw.strip():
        return "", SKIP, ""
    try:
        rows = list(csv.reader(io.StringIO(raw, newline=""), strict=True))
    except csv.Error:
        return None
    if len(rows) != 1 or not 2 <= len(rows[0]) <= 3:
        return None
    item, kind, value = [*rows[0], ""][:3]
    return item.strip(), kind.strip().lower(), value.strip()


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _short(text: str) -> str:
    """A question text as plain text (.qsf texts hold HTML), clipped."""
    return _clip(html.unescape(strip_tags(text)))


def describe(raw: str) -> str:
    """A select value not among the survey's choices, as a label."""
    target = decode(raw)
    if target is None:
        return f"{_clip(raw)} (not a choice)"
    item, kind, value = target
    return f"{item or '(no item)'} · {kind}" + (f" = {value}" if value else "")


def _text(question: Any, languages: list[str]) -> str:
    texts = question.text if isinstance(question.text, dict) else {}
    for lang in [*languages, "en", *texts]:
        if texts.get(lang):
            return _short(str(texts[lang]))
    return ""


def _label(entry: Any) -> str:
    return _short(str(entry.get("label") or "")) if isinstance(entry, dict) else ""


def question_choices(survey: Any, questions: list[Any]) -> Choices:
    """What a column may feed among the survey's questions (current version), in their order."""
    out: Choices = []

    def add(value: str, name: str, text: str) -> None:
        out.append((value, f"{name}: {text}" if text else name))

    for q in questions:
        text = _text(q, survey.languages or [])
        if q.kind in RESPONSE_KINDS:
            add(encode("", q.kind), f"{q.kind} (the whole response)", text)
        elif q.kind == "importance":
            for row in q.rows:
                add(encode(row["code"], q.kind), f"{row['code']} · importance", text)
        elif q.rows:
            for row in q.rows:
                item = f"{q.code}.{row['code']}"
                add(encode(item, q.kind), f"{item} · {q.kind}", _label(row) or text)
                if q.kind == "choice" and q.multiple:  # a multiple-answer matrix: per option
                    for option in q.options:
                        code = str(option["code"])
                        name = f"{item} = {code} when not empty"
                        add(encode(item, q.kind, code), name, _label(option) or _label(row))
        else:
            add(encode(q.code, q.kind), f"{q.code} · {q.kind}", text)
            if q.kind == "choice" and q.multiple:
                for option in q.options:
                    code = str(option["code"])
                    name = f"{q.code} = {code} when not empty"
                    add(encode(q.code, q.kind, code), name, _label(option) or text)
    unique: dict[str, str] = {}
    for value, label in out:
        unique.setdefault(value, label)
    return list(unique.items())


@dataclass
class Step:
    """What the mapping page of one job works on: the stored export and the survey it answers."""

    workspace: Any
    job: ImportJob
    survey: Any
    export: Export
    choices: Choices
    known: set[str]  # the values of all choices
    proposed: dict[str, str]  # column id -> select value

    @classmethod
    def load(cls, workspace: Any, job: ImportJob) -> Step:
        """Raises TransferError when the upload is gone or no longer readable, or the survey
        was deleted since the upload."""
        try:
            data = job.upload_path.read_bytes()
        except OSError:
            raise TransferError(f"{job.filename}: the uploaded file is gone") from None
        export = reader(job.kind)(data, job.filename)
        survey = find_survey(workspace, str((job.options or {}).get("survey", "")))
        questions = current_questions(workspace, survey)
        names = META_NAMES if job.kind == "wide" else None
        proposed = {
            t.column: encode(t.item, t.kind, t.value)
            for t in read_mapping(proposal(workspace, survey, export, names))
        }
        fields = [(encode("", m), f"{m} ({FIELD_LABELS[m]})") for m in META]
        items = question_choices(survey, questions)
        choices: Choices = [
            (IGNORE, "Ignore this column"),
            ("Response fields", fields),
            (f"Questions of survey {survey.code}", items),
        ]
        known = {IGNORE} | {v for v, _ in fields} | {v for v, _ in items}
        return cls(workspace, job, survey, export, choices, known, proposed)

    def flagged(self) -> dict[str, int]:
        """How many rows the export marks as preview, test, spam or unfinished."""
        at = flag_columns(self.export.columns)
        counts: dict[str, int] = {}
        if at:
            for _, cells in self.export.rows:
                flag = row_flag(cells, at)
                if flag:
                    counts[flag] = counts.get(flag, 0) + 1
        return counts

    def file_zone(self) -> str:
        when = next((c for c, v in self.proposed.items() if v == encode("", "submitted_at")), "")
        return next((c.time_zone for c in self.export.columns if c.id == when), "")


@dataclass
class ColumnRow:
    """One column of the export as the page shows it."""

    column: Column
    samples: list[str]
    field: forms.BoundField

    @property
    def mapped(self) -> bool:
        return bool(self.field.value())


def field_name(column: Column) -> str:
    return f"col-{column.index}"


class MappingForm(forms.Form):
    mode = forms.ChoiceField(label="Bad rows", choices=MODES, widget=forms.RadioSelect)
    time_zone = forms.CharField(label="Time zone of the dates", required=False, max_length=64)
    include_preview = forms.BooleanField(required=False)
    include_unfinished = forms.BooleanField(required=False)
    date_format = forms.CharField(
        label="How the file writes its dates",
        required=False,
        max_length=40,
        help_text="Only when day and month could be either: DMY (31/12/2024), MDY "
        "(12/31/2024), YMD, or a pattern such as %d.%m.%Y %H:%M. Empty: read from the dates.",
    )

    def __init__(self, step: Step, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        # (id of the column's select or "", "COLUMN: reason"): the summary above the columns
        self.problems: list[tuple[str, str]] = []
        self.mapping_text = ""
        self.fields["mode"].initial = "skip" if step.job.options.get("skip_invalid") else "all"
        zone = step.file_zone()
        flagged = step.flagged()
        marked = sum(flagged.get(f, 0) for f in ("preview", "test", "spam"))
        unfinished = flagged.get("unfinished", 0)
        keep = self.fields["include_preview"], self.fields["include_unfinished"]
        keep[
            0
        ].label = f"Also import the {marked} row{pluralize(marked)} marked as preview, test or spam"
        keep[1].label = f"Also import the {unfinished} unfinished row{pluralize(unfinished)}"
        options = step.job.options or {}
        keep[0].initial = bool(options.get("include_preview"))
        keep[1].initial = bool(options.get("include_unfinished"))
        self.fields["time_zone"].help_text = (
            "Dates without a UTC offset are read in this IANA zone (e.g. Europe/Zurich). "
            f"Empty: {'the export’s own, ' + zone if zone else 'UTC (the export names none)'}."
        )
        posted = self.data if self.is_bound else {}
        for column in step.export.columns:
            name = field_name(column)
            initial = step.proposed.get(column.id, IGNORE)
            extra = {v for v in (initial, posted.get(name)) if v is not None} - step.known
            choices = step.choices + [(v, describe(v)) for v in sorted(extra)]
            self.fields[name] = forms.CharField(
                label=column.id,
                required=False,
                initial=initial,
                strip=False,
                widget=forms.Select(
                    choices=choices,
                    attrs={"aria-describedby": f"import-{column.index} samples-{column.index}"},
                ),
            )

    def clean_date_format(self) -> str:
        value = self.cleaned_data["date_format"].strip()
        if value and value.upper() not in SHORTHANDS and "%" not in value:
            raise forms.ValidationError(
                f"{value!r}: use DMY, MDY, YMD or a pattern such as %d.%m.%Y %H:%M"
            )
        return value

    def clean_time_zone(self) -> str:
        zone = self.cleaned_data["time_zone"].strip()
        if zone:
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                raise forms.ValidationError(
                    f"{zone!r} is not an IANA time zone name (e.g. Europe/Zurich)"
                ) from None
        return zone

    def _problem(self, column: Column | None, reason: str) -> None:
        if column is None:
            self.add_error(None, reason)
            self.problems.append(("", reason))
        else:
            name = field_name(column)
            self.add_error(name, reason)
            self.problems.append((self[name].id_for_label, f"{column.id}: {reason}"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        columns = self.step.export.columns
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*MAPPING_COLUMNS, *MAPPING_OPTIONAL])
        for column in columns:
            target = decode(data.get(field_name(column)) or "")
            if target is None:
                self._problem(column, "is not one of the choices; choose again")
                continue
            item, kind, value = target
            writer.writerow([column.id, item, kind, value, column.label[:80]])
        if self.problems:
            return data
        try:
            targets = read_mapping(out.getvalue())
            check_mapping(
                self.step.workspace, self.step.survey, self.step.export, targets, MAPPING_NAME
            )
        except FormatError as exc:
            self._problem(None, exc.reason)
        except Rejected as exc:
            for p in exc.problems:
                at = p.line - 2  # line 1 is the header; one line per column, in file order
                self._problem(columns[at] if 0 <= at < len(columns) else None, p.reason)
        self.mapping_text = out.getvalue()
        if self.step.job.kind == "wide" and not self.problems:
            self._check_dates(out.getvalue())
        return data

    def _check_dates(self, mapping: str) -> None:
        """A wide file's dates must be readable, and day told from month, before the job runs."""
        when = next((t.column for t in read_mapping(mapping) if t.kind == "submitted_at"), "")
        column = next((c for c in self.step.export.columns if c.id == when), None)
        if column is None:
            return
        values = [cells[column.index] for _, cells in self.step.export.rows
                  if column.index < len(cells)]  # fmt: skip
        try:
            date_reader(column.id, values, self.cleaned_data.get("date_format") or "")
        except ValueError as exc:
            self.add_error("date_format", str(exc))
            self.problems.append((self["date_format"].id_for_label, str(exc)))

    def rows(self) -> list[ColumnRow]:
        samples: dict[int, list[str]] = {c.index: [] for c in self.step.export.columns}
        for _, cells in self.step.export.rows:
            for i, found in samples.items():
                value = _clip(cells[i]) if i < len(cells) else ""
                if value and len(found) < SAMPLES and value not in found:
                    found.append(value)
            if all(len(found) >= SAMPLES for found in samples.values()):
                break
        return [
            ColumnRow(c, samples[c.index], self[field_name(c)]) for c in self.step.export.columns
        ]

    def mapped(self) -> int:
        return sum(1 for c in self.step.export.columns if self[field_name(c)].value())

    def job_options(self) -> dict[str, Any]:
        data = self.cleaned_data
        options = dict(self.step.job.options or {})
        options.update(
            skip_invalid=data["mode"] == "skip",
            mapping=self.mapping_text,
            include_preview=bool(data.get("include_preview")),
            include_unfinished=bool(data.get("include_unfinished")),
            date_format=data.get("date_format") or "",
        )
        options.pop("time_zone", None)
        if data["time_zone"]:
            options["time_zone"] = data["time_zone"]
        return options
