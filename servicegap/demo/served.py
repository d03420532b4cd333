"""The demo's "who served" and "which standard": customer responses naming the employee who served
them, and complaints naming the standard they are about (for the feedback inbox, recognition and
consistency between employees).

Run after the responses and the feedback are written (``extras.create``). Sales and service
customers are served by one person: most of their responses (``SHARE``) name that employee, the
one their comment names when it names someone of the unit (the comments use first names, unique
in a branch), otherwise one of the unit's employees at random. Exit surveys name nobody.
"""

from __future__ import annotations

import re

import numpy as np

from servicegap.core.models import Workspace
from servicegap.demo import story, texts
from servicegap.demo.blocks import DEPT, World
from servicegap.feedback.models import Feedback
from servicegap.surveys.models import Answer, Response

SHARE = 0.8  # responses whose till or booking system recorded who served
SERVED_BY = ("SALES", "SERVICE")


def _staff(w: World) -> dict[int, list[tuple[int, str]]]:
    """(employee person id, first name) of each sales and service unit, by unit id."""
    pop, staff = w.pop, {}
    for b in range(len(story.BRANCHES)):
        for dcode in SERVED_BY:
            d = DEPT[dcode]
            members = np.flatnonzero((pop.emp_branch == b) & (pop.emp_dept == d))
            staff[int(w.unit[b, d])] = [(int(w.emp_id[i]), pop.emp_names[i][0]) for i in members]
    return staff


def _comments(ids: list[int]) -> dict[int, str]:
    said: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        rows = Answer.objects.filter(response_id__in=ids[start : start + 500], kind="text")
        said.update(rows.values_list("response_id", "value_text"))
    return said


def employees(rng: np.random.Generator, w: World, ws: Workspace) -> int:
    staff = _staff(w)
    rows = list(
        Response.objects.of(ws)
        .filter(perspective="customer", unit_id__in=list(staff))
        .exclude(survey_id=w.survey["exit"])
        .order_by("pk")
        .values_list("pk", "unit_id")
    )
    named = [row for row, keep in zip(rows, rng.random(len(rows)) < SHARE, strict=True) if keep]
    said = _comments([pk for pk, _ in named])
    pick = rng.random(len(named))
    chosen: dict[int, list[int]] = {}
    for (pk, unit), u in zip(named, pick, strict=True):
        people = staff[unit]
        text = said.get(pk, "")
        mentioned = [
            person for person, first in people if re.search(rf"\b{re.escape(first)}\b", text)
        ]
        person = mentioned[0] if mentioned else people[int(u * len(people))][0]
        chosen.setdefault(person, []).append(pk)
    for person, pks in chosen.items():
        for start in range(0, len(pks), 500):
            Response.objects.filter(pk__in=pks[start : start + 500]).update(employee_id=person)
    return sum(len(pks) for pks in chosen.values())


def standards(ws: Workspace, refs: dict) -> int:
    """Complaints name the standard their words are about (the demo's texts are per standard)."""
    done = 0
    for code, said in texts.COMPLAINTS.items():
        complaints = Feedback.objects.of(ws).filter(kind="complaint", text__in=said)
        done += complaints.update(standard=refs["standards"][code])
    return done


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    # Its own stream: adding this step changes none of the draws after it.
    own = rng.spawn(1)[0]
    employees(own, w, ws)
    standards(ws, refs)
