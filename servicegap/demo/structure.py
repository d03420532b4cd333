"""The demo's configuration: units, standards, journeys and links; ``create`` adds the rest."""

from __future__ import annotations

import datetime as dt

import numpy as np

from servicegap.core.models import Workspace
from servicegap.demo import cast, questionnaires, story
from servicegap.demo.blocks import World
from servicegap.demo.population import Population, Timeline
from servicegap.journeys.models import Journey, Touchpoint, TouchpointStandard
from servicegap.people.models import InternalLink, Unit
from servicegap.standards.models import Standard, StandardVersion

OWNER_BRANCH = 0  # Harrogate, the flagship: its department heads own the group's journey steps


def unit_code(branch: int, dept: int) -> str:
    return f"{story.BRANCHES[branch][0]}-{story.DEPARTMENTS[dept][0]}"


def create_units(ws: Workspace) -> tuple[Unit, list[Unit], np.ndarray]:
    hq = Unit.objects.create(workspace=ws, code=story.HQ[0], name=story.HQ[1])
    branches, grid = [], np.zeros((len(story.BRANCHES), len(story.DEPARTMENTS)), dtype=np.int64)
    for b, (code, town, _effect) in enumerate(story.BRANCHES):
        branch = Unit.objects.create(workspace=ws, code=code, name=f"Northway {town}", parent=hq)
        branches.append(branch)
        for d, (_dcode, dname, _n, _title) in enumerate(story.DEPARTMENTS):
            unit = Unit.objects.create(
                workspace=ws, code=unit_code(b, d), name=f"{town} {dname}", parent=branch
            )
            grid[b, d] = unit.pk
    return hq, branches, grid


def create_standards(ws: Workspace, timeline: Timeline) -> dict[str, Standard]:
    """Every standard at version 1; the improved one gets version 2 when its action started."""
    made = {}
    start = dt.datetime.fromtimestamp(timeline.start, dt.UTC)
    for spec in story.STANDARDS:
        standard = Standard(
            workspace=ws,
            code=spec.code,
            title=spec.title,
            why=spec.why,
            behaviours=list(spec.behaviours),
            dimension=spec.dimension,
            servqual=spec.servqual,
            need_or_want=spec.need_or_want,
            target=story.TARGET,
        )
        standard.save_version()
        made[spec.code] = standard
    StandardVersion.objects.of(ws).update(created_at=start)
    revised = made[story.IMPROVED_STANDARD]
    revised.behaviours = list(story.REVISED_BEHAVIOURS)
    revised.save_version()
    switch = start + dt.timedelta(days=int(timeline.action_day))
    StandardVersion.objects.of(ws).filter(standard=revised, version=2).update(created_at=switch)
    return made


def create_journeys(
    ws: Workspace, standards: dict[str, Standard], grid: np.ndarray
) -> dict[str, Touchpoint]:
    """Every step is owned by the department that runs it at the flagship branch (Harrogate),
    whose heads write the group's way of working for that step; the responses still name the
    branch department that served them, so each branch's figures stay its own."""
    dept = {d[0]: i for i, d in enumerate(story.DEPARTMENTS)}
    touchpoints = {}
    for code, name, description, steps in story.JOURNEYS:
        journey = Journey.objects.create(
            workspace=ws, code=code, name=name, description=description
        )
        for step, (tcode, tname, channel, dcode, scodes) in enumerate(steps, start=1):
            tp = Touchpoint.objects.create(
                workspace=ws, journey=journey, code=tcode, name=tname, step=step, channel=channel,
                unit_id=int(grid[OWNER_BRANCH, dept[dcode]]),
            )  # fmt: skip
            TouchpointStandard.objects.bulk_create(
                [
                    TouchpointStandard(workspace=ws, touchpoint=tp, standard=standards[s])
                    for s in scodes
                ]
            )
            touchpoints[tcode] = tp
    return touchpoints


def create_links(ws: Workspace, grid: np.ndarray) -> None:
    dept = {d[0]: i for i, d in enumerate(story.DEPARTMENTS)}
    InternalLink.objects.bulk_create(
        [
            InternalLink(
                workspace=ws,
                supplier_id=int(grid[b, dept[s]]),
                customer_id=int(grid[b, dept[c]]),
                description=text,
            )
            for b in range(len(story.BRANCHES))
            for s, c, text, _mean in story.INTERNAL_LINKS
        ]
    )


def create(ws: Workspace, pop: Population, timeline: Timeline) -> tuple[World, dict]:
    hq, branches, grid = create_units(ws)
    standards = create_standards(ws, timeline)
    touchpoints = create_journeys(ws, standards, grid)
    surveys = questionnaires.create_surveys(ws, standards, touchpoints)
    create_links(ws, grid)
    cust_id, emp_id, lead_id, lead_unit = cast.create_people(ws, pop, hq, branches, grid)
    users = cast.create_users(ws, pop, emp_id, lead_id)
    versions = {
        (v.standard.code, v.version): v.pk
        for v in StandardVersion.objects.of(ws).select_related("standard")
    }
    before = np.array([versions[c, 1] for c in story.STANDARD_CODES])
    after = np.array([versions.get((c, 2), versions[c, 1]) for c in story.STANDARD_CODES])
    switch = np.where(after != before, float(timeline.action_day), np.inf)
    world = World(
        timeline=timeline,
        pop=pop,
        cust_id=cust_id,
        emp_id=emp_id,
        lead_id=lead_id,
        lead_unit=lead_unit,
        unit=grid,
        sv_before=before,
        sv_after=after,
        sv_switch=switch,
        tp_id={c: t.pk for c, t in touchpoints.items()},
        survey=surveys,
    )
    return world, {
        "users": users,
        "standards": standards,
        "touchpoints": touchpoints,
        "branches": branches,
    }
