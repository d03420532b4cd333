"""The demo's lifetime value (docs/loyalty.md): one fit already made, so the value page opens on
the CLV distribution and the retention curves by unit without waiting for the worker.

The demo's transactions (extras.transactions and the captive fleet customers of demo/loyalty.py)
already have what the models need: most customers come back, some stop on their lost day. Runs
after both; the fit is the same code the worker runs (servicegap.loyalty.value_run)."""

from __future__ import annotations

import numpy as np
from django.db.models import Max

from servicegap.core.models import Workspace
from servicegap.demo.blocks import World
from servicegap.loyalty.models import Transaction, ValueRun
from servicegap.loyalty.value_run import execute


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    last = Transaction.objects.of(ws).aggregate(last=Max("date"))["last"]
    if last is None:  # a demo without purchases: nothing to fit
        return
    options = {"time-unit": "weeks", "horizon": 12, "discount": 0.1, "by": "unit"}
    run = ValueRun.objects.create(workspace=ws, as_of=last, options=options)
    execute(run.pk)
