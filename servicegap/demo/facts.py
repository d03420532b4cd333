"""The demo's quality in fact: indicators beside the three extras.indicators already makes.

Those three (call-backs, cars ready on time, parts at the first visit) all miss their targets,
so the 2 × 2 of fact vs perception would have one quadrant only. These add a standard delivered
and noticed (cars cleaned), one delivered but not noticed (greeting by name: the mystery
shoppers hear the name, customers still feel unwelcome — a communication problem) and one not
delivered yet rated well (booking calls answered slowly, customers do not mind).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from servicegap.core.models import Workspace
from servicegap.demo.blocks import BRANCH_EFFECT, World
from servicegap.quality.models import Indicator, IndicatorReading

# code, name, standard, measure, target, higher is better, level, spread
SPECS = (
    ("GREET-BY-NAME", "Customers greeted by name (mystery shopping)", "GREET",
     "% of mystery-shopper visits greeted by name within 2 minutes", 80.0, True, 89.0, 1.5),
    ("VALET-PASS", "Cars passing the valet check", "CLEAN",
     "% of serviced cars passing the valet check at hand-over", 90.0, True, 95.0, 1.0),
    ("BOOKING-ANSWER", "Seconds to answer a booking call", "BOOKING",
     "median seconds until a booking call is answered", 30.0, False, 41.0, 3.0),
)  # fmt: skip


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    own = rng.spawn(1)[0]  # its own stream: adding this step changes none of the draws after it
    months = sorted({dt.date(d.year, d.month, 1) for d in w.timeline.dates if d.day == 1})
    readings = []
    for code, name, scode, measure, target, higher, level, spread in SPECS:
        indicator = Indicator.objects.create(
            workspace=ws, code=code, name=name, standard=refs["standards"][scode],
            measure=measure, target=target, higher_is_better=higher,
        )  # fmt: skip
        for month in months:
            for b, branch in enumerate(refs["branches"]):
                # a better branch does better on every measure, in the measure's direction
                better = 3 * BRANCH_EFFECT[b] * (1 if higher else -1)
                value = level + better + own.normal(0, spread)
                readings.append(IndicatorReading(
                    workspace=ws, indicator=indicator, period_start=month,
                    value=round(float(value), 1), unit=branch,
                ))  # fmt: skip
    IndicatorReading.objects.bulk_create(readings)
