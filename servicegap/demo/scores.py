"""The demo's CSAT, CES and Kano answers, stored through the response contract like any import.

Two surveys the group runs beside the perception surveys:

- "After your visit" (``AFTER-VISIT``): a text message after a touchpoint asks how satisfied the
  customer was (CSAT, 1-5) and how easy it was (CES, 1-7). Both follow the touchpoint's
  standards as customers experience them at their branch, with the call-back promise lifting
  the call-back steps once it took hold, so the CSAT, CES and gap pages tell one story.
- "What would you value?" (``FEATURES``): service customers answer the Kano pair (functional /
  dysfunctional) for seven service features; each feature has a true mix of categories. The
  group asks them about the branch, not a visit: the response's unit is the branch.

Responses go through ``surveys.contract`` (``prepare_response`` and ``store_responses``, the
path of the importers), so every answer is checked and the aggregates see them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from servicegap.core.models import Workspace
from servicegap.demo import served, story
from servicegap.demo.blocks import BRANCH_STD, CUST_EXP, DEPT, STD, TOUCHPOINTS, TP_WEIGHT, World
from servicegap.demo.questionnaires import Spec, _survey
from servicegap.standards.models import Standard
from servicegap.surveys.contract import Lookups, prepare_response, store_responses
from servicegap.surveys.models import SurveyTemplate

AFTER_VISIT = 4000  # responses to "After your visit" in the default demo (scaled by size)
FEATURES = 420  # responses to "What would you value?"
AT_LEAST = 40  # responses of each survey however small the demo
CHUNK = 500

# Kano: (code, feature, share of customers for whom it is A, O, M, I, R, Q).
KANO_FEATURES = [
    ("ONLINE-BOOKING", "booking your service online at any hour", (0.20, 0.45, 0.15, 0.15, 0.02, 0.03)),
    ("COURTESY-CAR", "a courtesy car while yours is in", (0.12, 0.25, 0.48, 0.12, 0.01, 0.02)),
    ("VIDEO-CHECK", "a short video of the technician's health check", (0.48, 0.14, 0.05, 0.30, 0.01, 0.02)),
    ("TEXT-UPDATES", "a text message at each stage of the work", (0.30, 0.40, 0.12, 0.15, 0.01, 0.02)),
    ("VALET", "your car washed and vacuumed after its service", (0.45, 0.15, 0.10, 0.27, 0.01, 0.02)),
    ("BARISTA", "barista coffee in the waiting area", (0.15, 0.05, 0.03, 0.70, 0.05, 0.02)),
    ("COLLECT", "collection and delivery from your home or work", (0.52, 0.18, 0.05, 0.22, 0.01, 0.02)),
]  # fmt: skip
# The answer pair each category gives: functional answer(s), dysfunctional answer(s), with the
# share of each answer among those the category allows (Berger et al. 1993's table).
MIDDLE = (("must-be", "neutral", "live-with"), (0.2, 0.5, 0.3))
PAIRS = {
    "A": ((("like",), (1.0,)), MIDDLE),
    "O": ((("like",), (1.0,)), (("dislike",), (1.0,))),
    "M": (MIDDLE, (("dislike",), (1.0,))),
    "I": (MIDDLE, MIDDLE),
    "R": ((("dislike",), (1.0,)), (("like",), (1.0,))),
    "Q": ((("like",), (1.0,)), (("like",), (1.0,))),
}
CATEGORIES = ("A", "O", "M", "I", "R", "Q")


def _surveys(ws: Workspace) -> tuple[str, str]:
    after: list[Spec] = [
        ("CSAT", "csat", "How satisfied were you with this visit?", None, [], []),
        ("CES", "ces", "How easy did we make it for you?", None, [], []),
        ("COMMENT", "text", "Anything you would like to tell us?", None, [], []),
    ]
    _survey(ws, "AFTER-VISIT", "After your visit", SurveyTemplate.CUSTOM, "customer", after)
    _proposed(ws)
    specs: list[Spec] = []
    for code, feature, _mix in KANO_FEATURES:
        specs.append((code, "kano_functional", f"If we offered {feature}, how would you feel?",
                      None, [], []))  # fmt: skip
        specs.append((code, "kano_dysfunctional", f"If we did not offer {feature}, how would you "
                      "feel?", None, [], []))  # fmt: skip
    _survey(ws, "FEATURES", "What would you value?", SurveyTemplate.CUSTOM, "customer", specs)
    return "AFTER-VISIT", "FEATURES"


# The features as proposed standards: asked with Kano before being promised, so unpublished
# (not on the promise, the home page or new surveys) but named in the Kano report.
PROPOSED = {
    "ONLINE-BOOKING": ("Book your service online at any hour", "process"),
    "COURTESY-CAR": ("A courtesy car while yours is in the workshop", "product"),
    "VIDEO-CHECK": ("A video of the technician's health check", "people"),
    "TEXT-UPDATES": ("A text message at each stage of the work", "process"),
    "VALET": ("Your car washed and vacuumed after its service", "product"),
    "BARISTA": ("Barista coffee in the waiting area", "product"),
    "COLLECT": ("Collection and delivery from home or work", "process"),
}


def _proposed(ws: Workspace) -> None:
    for code, (title, dimension) in PROPOSED.items():
        Standard(workspace=ws, code=code, title=title, dimension=dimension, published=False,
                 why="Proposed: asked with Kano before we promise it.").save_version()  # fmt: skip


def _moments(rng: np.random.Generator, w: World, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Customer index and submission time (epoch seconds) of ``n`` responses, each before the
    customer was lost."""
    pop = w.pop
    cust = rng.choice(len(w.cust_id), size=n, p=pop.cust_weight)
    until = np.minimum(pop.cust_lost_day[cust], 364.0)
    day = (rng.random(n) * until).astype(int)
    return cust, w.timeline.seconds(rng, day)


def _iso(seconds: int) -> str:
    return dt.datetime.fromtimestamp(int(seconds), dt.UTC).isoformat()


def after_visit(rng: np.random.Generator, w: World, code: str, n: int) -> list[dict]:
    pop, tl = w.pop, w.timeline
    cust, seconds = _moments(rng, w, n)
    tps = rng.choice(len(TOUCHPOINTS), size=n, p=TP_WEIGHT / TP_WEIGHT.sum())
    days = (seconds - tl.start) // 86_400
    lift = tl.improvement(days)
    noise = rng.normal(0, 0.9, (n, 2))
    named, who = rng.random(n) < served.SHARE, rng.random(n)
    rows = []
    for i in range(n):
        _j, tcode, _name, _channel, dcode, scodes = TOUCHPOINTS[tps[i]]
        branch = int(pop.cust_branch[cust[i]])
        # Sales and service record who served, as for the other surveys (``served``).
        staff = np.flatnonzero((pop.emp_branch == branch) & (pop.emp_dept == DEPT[dcode]))
        employee = ""
        if dcode in served.SERVED_BY and named[i]:
            employee = f"E{int(staff[int(who[i] * len(staff))]) + 1:03d}"
        idx = [STD[s] for s in scodes]
        # The step as experienced (1-7): its standards at this branch, this customer's mood.
        felt = float(np.mean(CUST_EXP[idx] + BRANCH_STD[branch, idx]))
        felt += 0.5 * float(pop.cust_sat[cust[i]])
        if story.IMPROVED_STANDARD in scodes:
            felt += float(lift[i]) / len(scodes)
        csat = int(np.clip(np.rint(1 + (felt - 1) * 4 / 6 + 0.45 + noise[i, 0]), 1, 5))
        ces = int(np.clip(np.rint(felt + 0.6 + 1.1 * noise[i, 1]), 1, 7))
        rows.append({
            "perspective": "customer", "submitted_at": _iso(seconds[i]),
            "time_zone": story.TIME_ZONE, "survey": code, "touchpoint": tcode,
            "unit": _unit_code(branch, dcode), "respondent": f"C{int(cust[i]) + 1:05d}",
            "employee": employee,
            "answers": [{"kind": "csat", "value": csat}, {"kind": "ces", "value": ces}],
        })  # fmt: skip
    return rows


def features(rng: np.random.Generator, w: World, code: str, n: int) -> list[dict]:
    pop = w.pop
    cust, seconds = _moments(rng, w, n)
    rows = []
    for i in range(n):
        answers = []
        for item, _feature, mix in KANO_FEATURES:
            category = CATEGORIES[int(rng.choice(len(CATEGORIES), p=np.array(mix) / sum(mix)))]
            for kind, (values, shares) in zip(
                ("kano_functional", "kano_dysfunctional"), PAIRS[category], strict=True
            ):
                value = values[int(rng.choice(len(values), p=shares))]
                answers.append({"item": item, "kind": kind, "value": value})
        branch = int(pop.cust_branch[cust[i]])
        rows.append({
            "perspective": "customer", "submitted_at": _iso(seconds[i]),
            "time_zone": story.TIME_ZONE, "survey": code, "unit": story.BRANCHES[branch][0],
            "respondent": f"C{int(cust[i]) + 1:05d}", "answers": answers,
        })  # fmt: skip
    return rows


def _unit_code(branch: int, dcode: str) -> str:
    return f"{story.BRANCHES[branch][0]}-{story.DEPARTMENTS[DEPT[dcode]][0]}"


def store(ws: Workspace, rows: list[dict]) -> int:
    """Every row through the response contract, in chunks; a broken row raises (a demo bug)."""
    lookups = Lookups(ws)
    for start in range(0, len(rows), CHUNK):
        prepared = [prepare_response(lookups, row) for row in rows[start : start + CHUNK]]
        store_responses(ws, prepared)
    return len(rows)


def create(
    rng: np.random.Generator, w: World, ws: Workspace, refs: dict, scale: float = 1.0
) -> None:
    own = rng.spawn(1)[0]  # its own stream: adding this step changes none of the draws after it
    after, feature = _surveys(ws)
    store(ws, after_visit(own, w, after, max(AT_LEAST, round(AFTER_VISIT * scale))))
    store(ws, features(own, w, feature, max(AT_LEAST, round(FEATURES * scale))))
