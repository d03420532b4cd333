"""Customers' responses: perception surveys, touchpoint pulses and exit surveys.

Ratings are the story's true means plus branch, department, customer, season and action effects
plus noise, rounded onto 1..7. Lost customers answer only before they leave (exit: after).
"""

from __future__ import annotations

import numpy as np

from servicegap.demo import story, texts
from servicegap.demo.blocks import (
    BRANCH_EFFECT,
    BRANCH_STD,
    CUST_EXP,
    DEPT,
    DIMS,
    EXPECT,
    IMPROVED,
    IS_PROCESS,
    STD,
    TOUCHPOINTS,
    TP_WEIGHT,
    Block,
    Part,
    World,
    journey_standards,
    likert,
    make_block,
    rated,
    split,
    versions,
)
from servicegap.demo.wording import comments


def _customers(rng, w: World, m: int, profile: str):
    cust = rng.choice(len(w.cust_id), size=m, p=w.pop.cust_weight)
    day = w.timeline.days(rng, m, profile)
    lost = w.pop.cust_lost_day[cust]
    late = day >= lost
    u = rng.random(m)
    day[late] = (u[late] * lost[late]).astype(int)  # lost customers answered before leaving
    own = rng.random(m) < 0.9
    branch = np.where(own, w.pop.cust_branch[cust], rng.integers(0, len(story.BRANCHES), m))
    base = BRANCH_EFFECT[branch] + w.pop.cust_sat[cust] + rng.normal(0, 0.3, m)
    return cust, day, branch, base


def _latent(w: World, stds, branch, base, day, journey: str) -> np.ndarray:
    busy = w.timeline.busy[journey][day][:, None] * IS_PROCESS[stds] * story.BUSY_PENALTY
    lift = w.timeline.improvement(day)[:, None] * IMPROVED[stds]
    lat = CUST_EXP[stds] + (BRANCH_STD[branch][:, stds] - BRANCH_EFFECT[branch][:, None])
    return lat + base[:, None] + lift - busy


def perception(rng, w: World, n: int) -> list[Block]:
    blocks = []
    for (jcode, *_), m in zip(
        story.JOURNEYS, split(n, list(story.JOURNEY_SHARE.values())), strict=True
    ):
        if not m:
            continue
        stds, dept = journey_standards(jcode), DEPT[story.JOURNEY_DEPARTMENT[jcode]]
        cust, day, branch, base = _customers(rng, w, m, jcode)
        lat = _latent(w, stds, branch, base, day, jcode)
        exp = likert(lat + rng.normal(0, 0.85, lat.shape))
        expc = likert(EXPECT[stds] + rng.normal(0, 0.4, (m, 1)) + rng.normal(0, 0.6, lat.shape))
        sv = versions(w, stds, day)
        every = np.arange(m)
        ov_lat = lat.mean(axis=1) - 0.1
        overall = likert(ov_lat + rng.normal(0, 0.55, m))
        nps = np.clip(np.rint(1.5 * ov_lat + 0.5 + rng.normal(0, 1.2, m)), 0, 10)
        parts = [
            rated(expc, stds, "expectation", sv),
            rated(exp, stds, "experience", sv),
            Part(every, "overall", num=overall),
            Part(every, "nps", num=nps),
        ]
        imp = np.flatnonzero(rng.random(m) < story.P_IMPORTANCE)
        if len(imp):
            fleet = w.pop.cust_fleet[cust[imp]][:, None]
            g = rng.gamma(np.where(fleet, [6.0, 9.0, 5.0], [9.0, 6.0, 5.0]))
            pts = np.floor(g / g.sum(axis=1, keepdims=True) * 100)
            pts[:, 2] = 100 - pts[:, 0] - pts[:, 1]
            parts.append(
                Part(np.repeat(imp, 3), "importance", np.tile(DIMS, len(imp)), pts.ravel())
            )
        txt = np.flatnonzero(rng.random(m) < story.P_TEXT["perception"])
        mood = np.where(overall[txt] >= 6, "pos", np.where(overall[txt] <= 4, "neg", "neutral"))
        said = comments(rng, exp[txt], stds, mood, branch[txt], dept, w.pop)
        parts.append(Part(txt, "text", "COMMENT", text=said))
        survey = np.full(m, w.survey[f"perception:{jcode}"])
        blocks.append(
            make_block(
                rng,
                "customer",
                w,
                day,
                respondent=w.cust_id[cust],
                unit=w.unit[branch, dept],
                survey=survey,
                parts=parts,
            )
        )
    return blocks


def pulses(rng, w: World, n: int) -> list[Block]:
    blocks = []
    for (jcode, code, _name, _channel, dcode, scodes), m in zip(
        TOUCHPOINTS, split(n, TP_WEIGHT), strict=True
    ):
        if not m:
            continue
        stds, dept = np.array([STD[s] for s in scodes]), DEPT[dcode]
        cust, day, branch, base = _customers(rng, w, m, jcode)
        lat = _latent(w, stds, branch, base + story.DEPARTMENT_EFFECT[dcode], day, jcode)
        exp = likert(lat + rng.normal(0, 0.85, lat.shape))
        felt = lat.mean(axis=1) + rng.normal(0, 0.8, m)
        moment = np.where(felt >= 5.5, "magic", np.where(felt <= 3.5, "misery", "mediocrity"))
        parts = [
            Part(np.arange(m), "moment", text=moment.tolist()),
            rated(exp, stds, "experience", versions(w, stds, day)),
        ]
        p_text = np.vectorize(story.P_PULSE_TEXT.get)(moment)
        txt = np.flatnonzero(rng.random(m) < p_text)
        mood = np.select(
            [moment[txt] == "magic", moment[txt] == "misery"], ["pos", "neg"], "neutral"
        )
        said = comments(rng, exp[txt], stds, mood, branch[txt], dept, w.pop)
        parts.append(Part(txt, "text", "COMMENT", text=said))
        blocks.append(
            make_block(
                rng,
                "customer",
                w,
                day,
                respondent=w.cust_id[cust],
                unit=w.unit[branch, dept],
                survey=np.full(m, w.survey[f"pulse:{code}"]),
                touchpoint=np.full(m, w.tp_id[code]),
                parts=parts,
            )
        )
    return blocks


def exits(rng, w: World, n: int) -> list[Block]:
    lost = np.flatnonzero(np.isfinite(w.pop.cust_lost_day))
    if not n or not len(lost):
        return []
    cust = lost[rng.integers(0, len(lost), n)]
    day = np.minimum(w.pop.cust_lost_day[cust] + rng.uniform(3, 40, n), 364).astype(int)
    reasons = [r for r, _ in story.EXIT_REASONS]
    weights = [share for _, share in story.EXIT_REASONS]
    reason = [reasons[i] for i in rng.choice(len(reasons), size=n, p=weights)]
    overall = likert(3.0 + w.pop.cust_sat[cust] + rng.normal(0, 0.8, n))
    every = np.arange(n)
    parts = [Part(every, "choice", "REASON", text=reason), Part(every, "overall", num=overall)]
    txt = np.flatnonzero(rng.random(n) < story.P_TEXT["exit"])
    said = [texts.EXIT_COMMENTS[i] for i in rng.integers(0, len(texts.EXIT_COMMENTS), len(txt))]
    parts.append(Part(txt, "text", "COMMENT", text=said))
    branch = w.pop.cust_branch[cust]
    return [
        make_block(
            rng,
            "customer",
            w,
            day,
            respondent=w.cust_id[cust],
            unit=w.unit[branch, DEPT["SERVICE"]],
            survey=np.full(n, w.survey["exit"]),
            parts=parts,
        )
    ]
