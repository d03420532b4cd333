"""Employees' and leaders' view of the standards, and internal supplier ratings."""

from __future__ import annotations

import numpy as np

from servicegap.demo import story, texts
from servicegap.demo.blocks import (
    BRANCH_EFFECT,
    BRANCH_STD,
    CODES,
    CUST_EXP,
    DEPT,
    EXPECT,
    IMPROVED,
    Block,
    Part,
    World,
    likert,
    make_block,
    rated,
    versions,
)


def staff(rng, w: World, n: int, perspective: str) -> list[Block]:
    """Employees' view (between customers and leaders) or leaders' self-assessment."""
    if not n:
        return []
    every_std = np.arange(len(CODES))
    pool: tuple[str, ...]
    day = w.timeline.days(rng, n, "wave")
    if perspective == "employee":
        who = rng.integers(0, len(w.emp_id), n)
        branch = w.pop.emp_branch[who]
        lat = (
            CUST_EXP
            + story.EMPLOYEE_LIFT
            + 0.5 * BRANCH_STD[branch]
            + w.pop.emp_bias[who][:, None]
            + 0.8 * w.timeline.improvement(day)[:, None] * IMPROVED
        )
        respondent, unit = w.emp_id[who], w.unit[branch, w.pop.emp_dept[who]]
        expc_shift, pool = -0.2, texts.EMPLOYEE_COMMENTS
    else:
        who = rng.integers(0, len(w.lead_id), n)
        lat = story.LEADER_MEAN + 0.12 * (CUST_EXP - 4.6) + w.pop.lead_bias[who][:, None]
        respondent, unit = w.lead_id[who], w.lead_unit[who]
        expc_shift, pool = -0.4, texts.LEADER_COMMENTS
    exp = likert(lat + rng.normal(0, 0.75, lat.shape))
    expc = likert(EXPECT + expc_shift + rng.normal(0, 0.6, lat.shape))
    sv = versions(w, every_std, day)
    parts = [rated(expc, every_std, "expectation", sv), rated(exp, every_std, "experience", sv)]
    txt = np.flatnonzero(rng.random(n) < story.P_TEXT[perspective])
    said = [pool[i] for i in rng.integers(0, len(pool), len(txt))]
    parts.append(Part(txt, "text", "COMMENT", text=said))
    return [
        make_block(
            rng,
            perspective,
            w,
            day,
            respondent=respondent,
            unit=unit,
            survey=np.full(n, w.survey[perspective]),
            parts=parts,
        )
    ]


def internal(rng, w: World, n: int) -> list[Block]:
    if not n:
        return []
    link = rng.integers(0, len(story.INTERNAL_LINKS), n)
    branch = rng.integers(0, len(story.BRANCHES), n)
    supplier = np.array(
        [DEPT[story.INTERNAL_LINKS[i][0]] for i in range(len(story.INTERNAL_LINKS))]
    )
    customer = np.array(
        [DEPT[story.INTERNAL_LINKS[i][1]] for i in range(len(story.INTERNAL_LINKS))]
    )
    means = np.array([li[3] for li in story.INTERNAL_LINKS])
    # The rater is an employee of the customer unit.
    pools = {
        (b, d): np.flatnonzero((w.pop.emp_branch == b) & (w.pop.emp_dept == d))
        for b in range(len(story.BRANCHES))
        for d in range(len(story.DEPARTMENTS))
    }
    pick = rng.random(n)
    who = np.array(
        [
            pools[b, d][int(p * len(pools[b, d]))]
            for b, d, p in zip(branch, customer[link], pick, strict=True)
        ]
    )
    lat = means[link] + 0.5 * BRANCH_EFFECT[branch] + w.pop.emp_bias[who] + rng.normal(0, 0.3, n)
    k = len(story.INTERNAL_ITEMS)
    values = likert(lat[:, None] + rng.normal(0, 0.8, (n, k)))
    items = np.array([c for c, _ in story.INTERNAL_ITEMS], dtype=object)
    parts = [
        Part(np.repeat(np.arange(n), k), "rating", np.tile(items, n), values.ravel()),
        Part(np.arange(n), "overall", num=likert(lat + rng.normal(0, 0.5, n))),
    ]
    txt = np.flatnonzero(rng.random(n) < story.P_TEXT["internal"])
    said = []
    for i, p in zip(txt, rng.random(len(txt)), strict=True):
        li = story.INTERNAL_LINKS[link[i]]
        pool = texts.INTERNAL_COMMENTS.get((li[0], li[1]), texts.INTERNAL_COMMENTS["default"])
        said.append(pool[int(p * len(pool))])
    parts.append(Part(txt, "text", "COMMENT", text=said))
    day = w.timeline.days(rng, n, "wave")
    return [
        make_block(
            rng,
            "internal",
            w,
            day,
            respondent=w.emp_id[who],
            unit=w.unit[branch, customer[link]],
            supplier=w.unit[branch, supplier[link]],
            survey=np.full(n, w.survey["internal"]),
            parts=parts,
        )
    ]
