"""The demo's competitor comparison: customers rate Northway and their main alternative.

In the last two months a short survey asks service customers of each branch to rate six
standards for Northway (``experience``) and for the dealer they would otherwise use
(``competitor_experience``, the competitor named per answer). Northway greets and cleans better
than its rivals and calls back worse, so the competitors report has rows on both sides of zero.
The survey is the competitor comparison template (``COMPARE``): each customer names the dealer
once (the COMPETITOR question), which names the competitor of every competitor rating.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from servicegap.competitors.models import Competitor
from servicegap.core.models import Workspace
from servicegap.demo.blocks import World, likert
from servicegap.people.models import Person
from servicegap.surveys import builder
from servicegap.surveys.contract import Lookups, Prepared, prepare_response, store_responses
from servicegap.surveys.templates_catalogue import COMPETITOR_QUESTION, TemplateChoices

COMPETITORS = (
    ("KINGSWAY", "Kingsway Cars"),
    ("DALES", "Dales Motor Group"),
    ("QUICKSERVE", "QuickServe Autocentres"),
)
# standard: (our mean, how much better each competitor is than us, in competitor order)
RATED = {
    "GREET": (5.6, (-0.7, -0.5, -0.9)),
    "CLEAN": (5.8, (-0.4, -0.6, -0.2)),
    "CALLBACK": (3.9, (0.9, 0.7, 1.1)),
    "ONTIME": (4.6, (0.3, -0.1, 0.6)),
    "EXPLAIN": (4.8, (0.0, 0.2, -0.1)),
    "NO-PRESSURE": (4.9, (-0.2, 0.1, 0.0)),
}
PER_BRANCH = 70  # customers a branch asks
PREFIX = "competitors-"
SURVEY = "COMPARE"


def _survey(ws: Workspace, refs: dict) -> None:
    """The published competitor comparison survey on the rated standards (its answers below)."""
    chosen = [refs["standards"][code] for code in RATED]
    survey = builder.create_survey(
        ws, code=SURVEY, title="You and the others", template="competitors",
        scale_max=int(ws.scale_max), languages=["en"],
        choices=TemplateChoices(standards=chosen, nps=False, comment=False),
    )  # fmt: skip
    builder.publish(survey)


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    own = rng.spawn(1)[0]  # its own stream: adding this step changes none of the draws after it
    Competitor.objects.bulk_create(
        [Competitor(workspace=ws, code=code, name=name) for code, name in COMPETITORS]
    )
    _survey(ws, refs)
    customers = list(
        Person.objects.of(ws).filter(kind="customer").order_by("pk").values_list("code", flat=True)
    )
    end = dt.datetime.combine(w.timeline.end, dt.time(9), tzinfo=dt.UTC)
    lookups = Lookups(ws)
    prepared: list[Prepared] = []
    for branch in refs["branches"]:
        for _ in range(PER_BRANCH):
            rival = int(own.integers(0, len(COMPETITORS)))
            person = own.normal(0, 0.6)  # a generous customer rates both generously
            named = {"item": COMPETITOR_QUESTION, "kind": "choice", "value": COMPETITORS[rival][0]}
            answers: list[dict[str, Any]] = [named]
            for code, (ours, better) in RATED.items():
                mine = likert(np.array(ours + person + own.normal(0, 0.8)))
                theirs = likert(np.array(ours + better[rival] + person + own.normal(0, 0.8)))
                answers += [
                    {"item": code, "kind": "experience", "value": float(mine)},
                    {"item": code, "kind": "competitor_experience", "value": float(theirs),
                     "competitor": COMPETITORS[rival][0]},
                ]  # fmt: skip
            when = end - dt.timedelta(
                days=int(own.integers(1, 60)), minutes=int(own.integers(0, 600))
            )
            data = {
                "submitted_at": when.isoformat(),
                "perspective": "customer",
                "respondent": customers[int(own.integers(0, len(customers)))]
                if customers
                else None,
                "unit": branch.code,
                "survey": SURVEY,
                "answers": answers,
            }
            prepared.append(prepare_response(lookups, data, f"{PREFIX}{len(prepared) + 1}"))
    store_responses(ws, prepared)
