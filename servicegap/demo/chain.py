"""The demo's last internal round (docs/chain.md): in the final internal wave every employee of
each unit that depends on a supplier rated each of the unit's declared suppliers once, as an
internal round asks them to (``servicegap.chain.rounds``).

The demo's ongoing internal ratings (``staff.internal``) come from whoever answered, so in a
small demo a link may have fewer distinct raters than the anonymity threshold and be hidden;
the round makes every link with enough staff visible, at any demo size. The ratings follow the
same story (``story.INTERNAL_LINKS``: Parts is the weakest supplier of Service), with the
same branch and person effects as the ongoing ones, drawn from a stream of its own.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from servicegap.core.models import Workspace
from servicegap.demo import story
from servicegap.demo.blocks import BRANCH_EFFECT, DEPT, likert
from servicegap.people.models import InternalLink, Person
from servicegap.surveys.contract import Lookups, Prepared, prepare_response, store_responses
from servicegap.surveys.models import Survey

ROUND_PREFIX = "chain-round-"
SURVEY = "INTERNAL-SUPPLIER"
DAYS_BEFORE_END = 20  # the round's day, within the last internal wave


def create(rng: np.random.Generator, w, ws: Workspace, refs: dict) -> None:
    own = rng.spawn(1)[0]  # its own stream: adding this step changes none of the draws after it
    survey = Survey.objects.of(ws).filter(code=SURVEY).first()
    if survey is None or not InternalLink.objects.of(ws).exists():
        return
    at = dt.datetime.combine(w.timeline.end, dt.time(10), tzinfo=dt.UTC)
    at -= dt.timedelta(days=DAYS_BEFORE_END)
    codes = dict(Person.objects.of(ws).filter(kind="employee").values_list("pk", "code"))
    unit_code = {int(w.unit[b, d]): (b, d) for b in range(len(story.BRANCHES))
                 for d in range(len(story.DEPARTMENTS))}  # fmt: skip
    true_mean = {(DEPT[s], DEPT[c]): m for s, c, _text, m in story.INTERNAL_LINKS}
    lookups = Lookups(ws)
    prepared: list[Prepared] = []
    links = InternalLink.objects.of(ws).select_related("supplier", "customer").order_by("pk")
    for link in links:
        customer, supplier = unit_code.get(link.customer_id), unit_code.get(link.supplier_id)
        if customer is None or supplier is None:
            continue
        (branch, dept), supplier_dept = customer, supplier[1]
        staff = np.flatnonzero((w.pop.emp_branch == branch) & (w.pop.emp_dept == dept))
        mean = true_mean.get((supplier_dept, dept), 4.5)
        for who in staff:
            lat = mean + 0.5 * BRANCH_EFFECT[branch] + w.pop.emp_bias[who] + own.normal(0, 0.3)
            values = likert(lat + own.normal(0, 0.8, len(story.INTERNAL_ITEMS)))
            answers = [
                {"item": code, "kind": "rating", "value": float(v)}
                for (code, _t), v in zip(story.INTERNAL_ITEMS, values, strict=True)
            ]
            answers.append({"item": "", "kind": "overall",
                            "value": float(likert(np.array(lat + own.normal(0, 0.5))))})  # fmt: skip
            data = {
                "submitted_at": (at + dt.timedelta(minutes=int(own.integers(0, 600)))).isoformat(),
                "perspective": "internal",
                "survey": SURVEY,
                "respondent": codes[int(w.emp_id[who])],
                "unit": link.customer.code,
                "supplier": link.supplier.code,
                "answers": answers,
            }
            # its own ids: the round is told apart from the simulated year (tests count those)
            prepared.append(prepare_response(lookups, data, f"{ROUND_PREFIX}{len(prepared) + 1}"))
    store_responses(ws, prepared)
