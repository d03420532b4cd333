"""The demo's migrated responses: the roadside-assistance form Acme Motors ran in Google Forms
before ServiceGap, its answers brought over as a real upload would be (the ``wide`` import, run
by the import job with the mapping the Imports page proposes).

It shows what a migration of responses keeps: the Google Form's timestamps written day first
(``14/3/2025 9:41:07``, read as such because some days are over 12), the answers as the form
wrote them (labels, a checkbox question's picks joined by ``;``) stored as option codes, and the
0-10 recommendation read by the NPS report like any other answer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile

from servicegap.core.models import Workspace
from servicegap.demo.blocks import World
from servicegap.imports import jobs
from servicegap.imports.models import ImportJob
from servicegap.lib.wide import META_NAMES
from servicegap.surveys.models import Question, Survey
from servicegap.surveys.transfer.mapped import proposal
from servicegap.surveys.transfer.wide import read_upload

CODE = "GF-ROADSIDE"
FILENAME = "Roadside assistance (Responses) - Form Responses 1.csv"
ROWS = 90
FIRST_DAY, LAST_DAY = 330, 200  # days before the demo's today: the months before ServiceGap
REC_TEXT = "How likely are you to recommend Acme Roadside to a friend?"
# (code, kind, text, options, multiple)
QUESTIONS = [
    ("REC", "nps", REC_TEXT, [], False),
    (
        "ARRIVAL",
        "choice",
        "How long did our van take to reach you?",
        [("A1", "Under 30 minutes"), ("A2", "30 to 60 minutes"), ("A3", "Over an hour")],
        False,
    ),
    (
        "HELP",
        "choice",
        "What did the technician do?",
        [
            ("JUMP", "Jump start"),
            ("TYRE", "Tyre change"),
            ("TOW", "Tow to a garage"),
            ("FUEL", "Brought fuel"),
        ],
        True,
    ),  # fmt: skip
    ("COMMENT", "text", "Anything else you would like to tell us?", [], False),
]
ARRIVAL_ODDS = (0.5, 0.38, 0.12)
HELP_ODDS = (0.45, 0.3, 0.2, 0.1)
COMMENTS = [
    "The technician phoned ahead to say he was ten minutes away.",
    "Waited in the rain for over an hour on the A64.",
    "Friendly and quick, had me back on the road in no time.",
    "",
    "",
]


def _survey(ws: Workspace) -> Survey:
    survey = Survey.objects.create(
        workspace=ws, code=CODE, title="Roadside assistance (from Google Forms)", scale_max=5
    )
    for position, (code, kind, text, options, multiple) in enumerate(QUESTIONS, start=1):
        Question.objects.create(
            workspace=ws, survey=survey, code=code, kind=kind, text={"en": text},
            options=[{"code": c, "label": label} for c, label in options], multiple=multiple,
            position=position,
        )  # fmt: skip
    return survey


def _form_csv(rng: np.random.Generator, today: dt.date) -> bytes:
    """The Google Form's responses as its sheet downloads them: question texts as the header,
    labels as the answers, a day-first timestamp."""
    labels = {code: dict(options) for code, _, _, options, _ in QUESTIONS}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Timestamp", *(text for _, _, text, _, _ in QUESTIONS)])
    days = sorted(rng.integers(LAST_DAY, FIRST_DAY, size=ROWS), reverse=True)
    for before in days:
        day = today - dt.timedelta(days=int(before))
        seconds = int(rng.integers(7 * 3600, 21 * 3600))
        clock = f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        stamp = f"{day.day}/{day.month}/{day.year} {clock}"
        arrival = ["A1", "A2", "A3"][int(rng.choice(3, p=ARRIVAL_ODDS))]
        slow = arrival == "A3"
        score = int(np.clip(rng.normal(5.5 if slow else 8.6, 1.6), 0, 10))
        helped = [c for c, odds in zip(("JUMP", "TYRE", "TOW", "FUEL"), HELP_ODDS, strict=True)
                  if rng.random() < odds] or ["JUMP"]  # fmt: skip
        comment = COMMENTS[1] if slow and rng.random() < 0.4 else str(rng.choice(COMMENTS))
        writer.writerow([
            stamp, score, labels["ARRIVAL"][arrival],
            ";".join(labels["HELP"][c] for c in helped), comment,
        ])  # fmt: skip
    return out.getvalue().encode()


def migrate(rng: np.random.Generator, ws: Workspace, user, today: dt.date) -> ImportJob:
    """Create the survey and import the form's responses through the import job."""
    survey = _survey(ws)
    data = _form_csv(rng, today)
    mapping = proposal(ws, survey, read_upload(data, FILENAME), META_NAMES)
    options = {"survey": CODE, "mapping": mapping, "skip_invalid": False}
    job = jobs.start_job(ws, user, "wide", SimpleUploadedFile(FILENAME, data), options)
    jobs.execute(job.pk)
    job.refresh_from_db()
    return job


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    today = w.timeline.date_of(-1)  # the demo's last day
    job = migrate(rng, ws, refs["users"]["owner"], today)
    # Run the week before the demo's today (the Imports page keeps 30 days), not at build time.
    at = dt.datetime.combine(today - dt.timedelta(days=6), dt.time(10, 30), dt.UTC)
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=at, finished_at=at + dt.timedelta(seconds=4)
    )
