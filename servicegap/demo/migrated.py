"""The demo's migrated survey: the workshop questionnaire Acme Motors ran in LimeSurvey before
ServiceGap, brought over by the importer's own path (``limesurvey_map.rich`` for its HTML, and
``surveys.transfer.limesurvey.create_survey``), published, with the last two months' answers.

It shows what a migration keeps: bold and italic text and a list in the question texts (the
source's ``&nbsp;`` and ``<span style>`` gone, its tracking image dropped and reported), a
multiple-answer question drawn as checkboxes, a multiple-answer matrix, one row per vehicle, and
a numerical input with its limits.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from servicegap.core.models import Workspace
from servicegap.demo import story
from servicegap.demo.blocks import World
from servicegap.lib.limesurvey_map import Plan, Planned, rich
from servicegap.surveys.contract import Lookups, prepare_response, store_responses
from servicegap.surveys.transfer.limesurvey import create_survey

CODE = "LS-WORKSHOP"
DAYS = 60  # answers over the last two months
# (code, source HTML as LimeSurvey exported it, options, rows, multiple, required)
QUESTIONS = [
    (
        "CAME-FOR",
        '<p>What brought you to our <strong>workshop</strong>?&nbsp;<em>Tick all that apply.'
        '</em></p><img src="https://stats.example.net/pixel.gif" width="1" height="1">',
        [("SERVICE", "Scheduled service"), ("REPAIR", "A repair"), ("TYRES", "Tyres"),
         ("MOT", "MOT test"), ("RECALL", "A recall letter")],
        [], True, True,
    ),
    (
        "CHECKED",
        '<span style="font-size:14px">Which of these did we check on <b>each</b> vehicle?</span>'
        "<ul><li>Tick what the technician told you about.</li></ul>",
        [("BRAKES", "Brakes"), ("LIGHTS", "Lights"), ("FLUIDS", "Fluids")],
        [("CAR1", "Your first vehicle"), ("CAR2", "Your second vehicle, if any")], True, False,
    ),
    (
        "DESK-WAIT",
        "How long did you <i>wait</i> at the desk?",
        [("A1", "Under 5 minutes"), ("A2", "5 to 15 minutes"), ("A3", "Over 15 minutes")],
        [], False, True,
    ),
    ("BETTER", "Anything we could do <strong>better</strong>?&nbsp;", [], [], False, False),
]  # fmt: skip
PICK = {"CAME-FOR": (0.7, 0.25, 0.2, 0.15, 0.05), "DESK-WAIT": (0.55, 0.35, 0.10)}
CHECK_ODDS = (0.8, 0.6, 0.5)
COMMENTS = [
    "The text message when the car was ready was handy.",
    "Coffee machine was out of order again.",
    "Explained the brake wear clearly, thank you.",
    "Would like a courtesy car for longer repairs.",
]


VISITS = ("VISITS", "How many times have you <b>visited</b> us this year?", {"min": 1, "max": 50})


def _plan(title: str) -> Plan:
    plan = Plan(title, ["en"], 5, [], [], [])
    for line, (code, source, options, rows, multiple, required) in enumerate(QUESTIONS, 2):
        kind = "choice" if options else "text"
        q = Planned(line, code, kind, {"en": rich(source, line, code, plan)}, required=required)
        q.options = [{"code": c, "label": label} for c, label in options]
        q.rows = [{"code": c, "label": label} for c, label in rows]
        q.multiple = multiple
        plan.questions.append(q)
    code, source, limits = VISITS  # a numerical input, with its limits
    visits = Planned(len(QUESTIONS) + 2, code, "number", {"en": rich(source, 0, code, plan)})
    visits.limits = {**limits, "integer": True}
    plan.questions.append(visits)
    return plan


def _answers(rng: np.random.Generator) -> list[dict]:
    answers = [
        {"item": "CAME-FOR", "kind": "choice", "value": code}
        for (code, _), p in zip(QUESTIONS[0][2], PICK["CAME-FOR"], strict=True)
        if rng.random() < p
    ] or [{"item": "CAME-FOR", "kind": "choice", "value": "SERVICE"}]
    cars = ["CAR1"] + (["CAR2"] if rng.random() < 0.2 else [])
    for car in cars:
        for (code, _), p in zip(QUESTIONS[1][2], CHECK_ODDS, strict=True):
            if rng.random() < p:
                answers.append({"item": f"CHECKED.{car}", "kind": "choice", "value": code})
    wait = rng.choice([c for c, _ in QUESTIONS[2][2]], p=PICK["DESK-WAIT"])
    answers.append({"item": "DESK-WAIT", "kind": "choice", "value": str(wait)})
    if rng.random() < 0.25:
        answers.append({"item": "BETTER", "kind": "text", "value": str(rng.choice(COMMENTS))})
    if rng.random() < 0.8:
        visits = 1 + min(int(rng.poisson(1.5)), 49)
        answers.append({"item": "VISITS", "kind": "number", "value": str(visits)})
    return answers


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    report = create_survey(
        ws, "demo", CODE, _plan("Workshop visit (from LimeSurvey)"), publish=True
    )
    assert report.created == len(QUESTIONS) + 1, report
    lookups = Lookups(ws)
    days = rng.integers(365 - DAYS, 365, size=int(rng.integers(70, 110)))
    seconds = np.sort(w.timeline.seconds(rng, days))
    prepared = [
        prepare_response(
            lookups,
            {
                "perspective": "customer", "survey": CODE, "time_zone": story.TIME_ZONE,
                "submitted_at": dt.datetime.fromtimestamp(int(s), dt.UTC).isoformat(),
                "answers": _answers(rng),
            },
            external_id=f"limesurvey:{i + 1}",
        )
        for i, s in enumerate(seconds)
    ]  # fmt: skip
    store_responses(ws, prepared)
