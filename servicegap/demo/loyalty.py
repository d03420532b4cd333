"""The demo's loyalty story (docs/loyalty.md): loyal, captive and lost customers.

- **Captive**: fleet customers whose vans must be serviced somewhere nearby keep coming every few
  weeks all year, yet their latest recommend answer is a detractor's (2–5), and what they say
  names why: nobody tells them when the vans are ready (a misery moment at SVC-UPDATE). Their
  lifetime value is the value at risk on the loyalty page.
- **Lost**: most customers who leave had a misery moment at SVC-UPDATE in the weeks before, so it
  is the touchpoint that loses most value (the exit survey's reasons come from customers.exits).
- **Referrals**: happier customers referred others (``referred_by``).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from servicegap.core.models import Workspace
from servicegap.demo.blocks import DEPT, Block, Part, World, make_block
from servicegap.demo.writer import Writer
from servicegap.loyalty.models import Transaction
from servicegap.people.models import Person

CAPTIVE = 60  # fleet customers who keep buying and would not recommend us
WHERE = "SVC-UPDATE"  # where the story goes wrong
P_LOST_MISERY = 0.75  # lost customers who had a misery moment there before leaving
REFERRED = 180  # customers who came on another customer's word
SAID = (
    "You're the only dealer near our depot that takes vans, but nobody ever tells us when they're ready.",
    "We keep coming because it's close. I chased the service desk three times for an update.",
    "Convenient location, poor communication. I would not send a friend here.",
    "The vans come back fine, eventually. Nobody calls, we always have to ring you.",
    "If the other garage opened a bay for vans we would move tomorrow.",
)


def _captive(rng: np.random.Generator, w: World) -> np.ndarray:
    pop = w.pop
    staying = np.flatnonzero(pop.cust_fleet & ~np.isfinite(pop.cust_lost_day))
    return rng.choice(staying, size=min(CAPTIVE, len(staying)), replace=False)


def _visits(rng: np.random.Generator, w: World, ws: Workspace, who: np.ndarray) -> None:
    """A service visit every three to five weeks all year: frequent, steady buyers."""
    rows, service = [], DEPT["SERVICE"]
    for i in who:
        day = float(rng.uniform(0, 20))
        while day < 364:
            rows.append(Transaction(
                workspace=ws, customer_id=int(w.cust_id[i]), date=w.timeline.date_of(int(day)),
                amount=Decimal(f"{rng.lognormal(np.log(320.0), 0.35):.2f}"),
                unit_id=int(w.unit[w.pop.cust_branch[i], service]), reference=f"FLEET-{i}-{int(day)}",
            ))  # fmt: skip
            day += float(rng.uniform(21, 35))
    Transaction.objects.bulk_create(rows, batch_size=2000)


PREFIX = "loyalty-"  # the story's own responses (tests tell them from the simulation's)


def _said(rng: np.random.Generator, w: World, who: np.ndarray) -> list[Block]:
    """Their latest answers: a misery moment at SVC-UPDATE and a detractor's recommend answer."""
    n, service = len(who), DEPT["SERVICE"]
    day = rng.integers(330, 350, n)
    unit = w.unit[w.pop.cust_branch[who], service]
    every = np.arange(n)
    said = [SAID[k] for k in rng.integers(0, len(SAID), n)]
    pulse = make_block(
        rng, "customer", w, day, respondent=w.cust_id[who], unit=unit,
        external_prefix=PREFIX, survey=np.full(n, w.survey[f"pulse:{WHERE}"]), touchpoint=np.full(n, w.tp_id[WHERE]),
        parts=[Part(every, "moment", text=["misery"] * n), Part(every, "text", "COMMENT", text=said)],
    )  # fmt: skip
    later = rng.integers(352, 364, n)  # after any answer the simulation gave them
    nps = rng.integers(2, 6, n).astype(float)
    perception = make_block(
        rng, "customer", w, later, respondent=w.cust_id[who], unit=unit,
        external_prefix=PREFIX, survey=np.full(n, w.survey["perception:SVC"]), parts=[Part(every, "nps", num=nps)],
    )  # fmt: skip
    return [pulse, perception]


def _before_leaving(rng: np.random.Generator, w: World) -> list[Block]:
    """Most lost customers had a misery moment at SVC-UPDATE in the month before they left."""
    lost = np.flatnonzero(np.isfinite(w.pop.cust_lost_day))
    who = lost[rng.random(len(lost)) < P_LOST_MISERY]
    if not len(who):
        return []
    day = np.maximum(w.pop.cust_lost_day[who] - rng.uniform(5, 30, len(who)), 0).astype(int)
    n, unit = len(who), w.unit[w.pop.cust_branch[who], DEPT["SERVICE"]]
    every = np.arange(n)
    misery = make_block(
        rng, "customer", w, day, respondent=w.cust_id[who], unit=unit,
        external_prefix=PREFIX, survey=np.full(n, w.survey[f"pulse:{WHERE}"]), touchpoint=np.full(n, w.tp_id[WHERE]),
        parts=[Part(every, "moment", text=["misery"] * n)],
    )  # fmt: skip
    # the survey after that visit: a detractor's answer, so "what loyalty gives back" can set
    # what these customers spent afterwards against the others
    after = np.minimum(day + rng.integers(1, 4, n), 364)
    nps = rng.integers(0, 6, n).astype(float)
    said = make_block(
        rng, "customer", w, after, respondent=w.cust_id[who], unit=unit,
        external_prefix=PREFIX, survey=np.full(n, w.survey["perception:SVC"]), parts=[Part(every, "nps", num=nps)],
    )  # fmt: skip
    return [misery, said]


def _referrals(rng: np.random.Generator, w: World, ws: Workspace) -> None:
    """Happier customers referred more of the others (weight e^(1.5 × satisfaction))."""
    pop, n = w.pop, len(w.cust_id)
    referred = rng.choice(n, size=min(REFERRED, n // 4), replace=False)
    weight = np.exp(1.5 * pop.cust_sat)
    weight[referred] = 0.0  # a referred customer here did not refer anyone, so no loops
    by = rng.choice(n, size=len(referred), p=weight / weight.sum())
    people = {p.pk: p for p in Person.objects.of(ws).filter(pk__in=w.cust_id[referred].tolist())}
    for i, j in zip(referred, by, strict=True):
        people[int(w.cust_id[i])].referred_by_id = int(w.cust_id[j])
    Person.objects.bulk_update(list(people.values()), ["referred_by"], batch_size=500)


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    who = _captive(rng, w)
    _visits(rng, w, ws, who)
    Writer(ws.pk).write(_said(rng, w, who) + _before_leaving(rng, w))
    _referrals(rng, w, ws)
