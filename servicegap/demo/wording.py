"""Free text of the demo: comments chosen by how the respondent felt, naming real employees."""

from __future__ import annotations

import numpy as np

from servicegap.demo import story, texts
from servicegap.demo.population import Population


def employee_at(pop: Population, branch: int, dept: int, u: float) -> int:
    """Index of an employee of ``dept`` in ``branch``, chosen by ``u`` in [0, 1)."""
    staff = np.flatnonzero((pop.emp_branch == branch) & (pop.emp_dept == dept))
    return int(staff[int(u * len(staff))])


def fill(template: str, pop: Population, employee: int) -> str:
    return template.format(
        name=pop.emp_names[employee][0],
        dept=story.DEPARTMENTS[int(pop.emp_dept[employee])][1],
        town=story.BRANCHES[int(pop.emp_branch[employee])][1],
    )


def comments(
    rng: np.random.Generator,
    exp: np.ndarray,
    stds: np.ndarray,
    mood: np.ndarray,
    branch: np.ndarray,
    dept: int,
    pop: Population,
) -> list[str]:
    """One comment per row: about the worst-rated standard ("neg"), the best ("pos"), or bland."""
    n = len(mood)
    if not n:
        return []
    worst = stds[np.argmin(exp, axis=1)]
    best = stds[np.argmax(exp, axis=1)]
    pick = rng.random(n)
    who = rng.random(n)
    said = []
    for i in range(n):
        if mood[i] == "neutral":
            pool: tuple[str, ...] = texts.NEUTRAL_COMMENTS
        else:
            bad = mood[i] == "neg"
            code = story.STANDARD_CODES[int(worst[i] if bad else best[i])]
            pool = texts.STANDARD_COMMENTS[code][0 if bad else 1]
        template = pool[int(pick[i] * len(pool))]
        said.append(fill(template, pop, employee_at(pop, int(branch[i]), dept, who[i])))
    return said
