"""The demo's employee voice: front-line flags, an "Employee voice" survey answered each quarter
by the staff (eNPS, engagement, enablement per standard, their view of delivery), and training
records (docs/engagement.md).

Engagement follows the customers: a unit's employee mood is drawn around how its own customers
rate it (a unit whose customers are happier has more engaged staff, with noise), and Parts, the
weakest internal supplier of the story, feels least able to deliver. So the linkage report shows
a plausible, not perfect, relation. Units of 2 or 3 people stay under the anonymity threshold
and are hidden, as they would be. Training goes more often to the staff customers already rate
higher (emp_bias): the training page shows an association, not an effect of training.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db.models import Avg

from servicegap.core.models import Workspace
from servicegap.demo import story
from servicegap.demo.blocks import DEPT, World
from servicegap.people.models import Person
from servicegap.skills.models import Training
from servicegap.surveys import builder
from servicegap.surveys.models import Answer, Response, Survey
from servicegap.surveys.templates_catalogue import ENGAGEMENT_ITEMS, TemplateChoices

FRONT_LINE = ("SALES", "SERVICE", "FINANCE", "DESK")  # Parts works behind the counter
ROUNDS = (320, 230, 140, 50)  # days before the demo's end of each quarterly voice round
ANSWER_RATE = 0.9
ITEM_SHIFT = {"ENG-TOOLS": -0.2, "ENG-MANAGER": -0.5, "ENG-RECOMMEND": 0.1}
WEAKEST = "PARTS"
TRAINED_FROM, TRAINED_TO = 20, 300  # days after the demo's start


def flags(w: World, ws: Workspace) -> int:
    front = [DEPT[d] for d in FRONT_LINE]
    ids = [int(p) for p, d in zip(w.emp_id, w.pop.emp_dept, strict=True) if d in front]
    return Person.objects.of(ws).filter(pk__in=ids).update(front_line=True)


def _customer_mood(ws: Workspace) -> dict[int, float]:
    """Unit id → how its customers rate it (mean experience), z-scored over the units."""
    rows = (
        Answer.objects.of(ws)
        .filter(kind="experience", response__perspective="customer", response__unit__isnull=False)
        .values("response__unit_id")
        .annotate(mean=Avg("value_num"))
    )
    means = {r["response__unit_id"]: float(r["mean"]) for r in rows}
    if len(means) < 2:
        return dict.fromkeys(means, 0.0)
    values = np.array(list(means.values()))
    spread = float(values.std()) or 1.0
    return {u: (m - float(values.mean())) / spread for u, m in means.items()}


def _survey(ws: Workspace, refs: dict) -> Survey:
    standards = [refs["standards"][c] for c in story.STANDARD_CODES]
    survey = builder.create_survey(
        ws, code="VOICE", title="Employee voice", template="voice", scale_max=int(ws.scale_max),
        languages=["en"], choices=TemplateChoices(standards=standards),
    )  # fmt: skip
    Survey.objects.filter(pk=survey.pk).update(status="published")
    return survey


def _clip(value: float, low: int, high: int) -> float:
    return float(min(max(round(value), low), high))


def answers(rng: np.random.Generator, w: World, ws: Workspace, survey: Survey) -> int:
    mood = _customer_mood(ws)
    scale = int(survey.scale_max)
    pop, end = w.pop, dt.datetime.combine(w.timeline.end, dt.time(), tzinfo=dt.UTC)
    # In the story's order (branch, department), not by id: the same seed, the same draws.
    units = [int(w.unit[b, d]) for b in range(len(story.BRANCHES)) for d in DEPT.values()]
    climate = {u: 0.8 * mood.get(u, 0.0) + float(rng.normal(0, 0.3)) for u in units}
    weak = {int(w.unit[b, DEPT[WEAKEST]]) for b in range(len(story.BRANCHES))}
    person_effect = rng.normal(0, 0.5, len(w.emp_id))
    made: list[tuple[Response, list[tuple[str, str, float, int | None]]]] = []
    for days in ROUNDS:
        for i, pid in enumerate(w.emp_id):
            if rng.random() > ANSWER_RATE:
                continue
            unit = int(w.unit[pop.emp_branch[i], pop.emp_dept[i]])
            lift = climate[unit] + float(person_effect[i]) - (0.8 if unit in weak else 0.0)
            when = end - dt.timedelta(days=days - float(rng.uniform(0, 12)))
            day = (when.date() - w.timeline.start_date).days
            # the version of each standard in force that day (as the simulated answers)
            versions = np.where(day >= w.sv_switch, w.sv_after, w.sv_before)
            rows: list[tuple[str, str, float, int | None]] = [
                ("", "enps", _clip(7.8 + 1.8 * lift + rng.normal(0, 1.3), 0, 10), None)
            ]
            for code, _text in ENGAGEMENT_ITEMS:
                value = 0.7 * scale + 0.9 * (lift + ITEM_SHIFT[code]) + rng.normal(0, 0.8)
                rows.append((code, "engagement", _clip(value, 1, scale), None))
            for k, code in enumerate(story.STANDARD_CODES):
                able = 0.72 * scale + 0.8 * lift + rng.normal(0, 0.8)
                rows.append((code, "enablement", _clip(able, 1, scale), int(versions[k])))
                view = 0.66 * scale + 0.6 * lift + rng.normal(0, 0.9)
                rows.append((code, "experience", _clip(view, 1, scale), int(versions[k])))
            response = Response(
                workspace=ws, submitted_at=when, time_zone=story.TIME_ZONE, perspective="employee",
                respondent_id=int(pid), unit_id=unit, survey=survey, survey_version=1,
                scale_max=scale,
            )  # fmt: skip
            made.append((response, rows))
    Response.objects.bulk_create([r for r, _ in made], batch_size=500)
    Answer.objects.bulk_create(
        [
            Answer(
                workspace=ws,
                response=r,
                item=item,
                kind=kind,
                value_num=value,
                standard_version_id=version,
            )  # fmt: skip
            for r, rows in made
            for item, kind, value, version in rows
        ],
        batch_size=2000,
    )
    return len(made)


def training(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> int:
    pop, start = w.pop, w.timeline.start_date
    served = {DEPT["SALES"], DEPT["SERVICE"]}
    rows = []
    for i, pid in enumerate(w.emp_id):
        if pop.emp_dept[i] not in served:
            continue
        chance = 0.35 + 0.3 * float(np.tanh(2.5 * pop.emp_bias[i]))
        for code in story.STANDARD_CODES:
            if rng.random() < chance:
                day = start + dt.timedelta(days=int(rng.integers(TRAINED_FROM, TRAINED_TO)))
                rows.append(
                    Training(
                        workspace=ws,
                        person_id=int(pid),
                        standard=refs["standards"][code],
                        trained_on=day,
                        note="Standards workshop",
                    )  # fmt: skip
                )
    Training.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    # Its own stream: adding this step changes none of the draws after it.
    own = rng.spawn(1)[0]
    flags(w, ws)
    answers(own, w, ws, _survey(ws, refs))
    training(own, w, ws, refs)
