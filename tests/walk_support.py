"""A journey to walk: three touchpoints with standards that have behaviours (walk-through tests)."""

from __future__ import annotations

from servicegap.journeys.models import Journey, Touchpoint, TouchpointStandard
from servicegap.people.models import Unit
from servicegap.standards.models import Standard


def journey(ws, standards):
    """BUY: 1 Arrival (GREET, CLEAN), 2 Test drive (no standard), 3 Follow-up (CALLBACK)."""
    sales = Unit.objects.get(workspace=ws, code="SALES")
    buy = Journey.objects.create(workspace=ws, code="BUY", name="Buying a car")
    arrive = Touchpoint.objects.create(workspace=ws, journey=buy, code="ARRIVE", name="Arrival",
                                       step=1, unit=sales)  # fmt: skip
    Touchpoint.objects.create(workspace=ws, journey=buy, code="DRIVE", name="Test drive", step=2,
                              unit=sales)  # fmt: skip
    follow = Touchpoint.objects.create(workspace=ws, journey=buy, code="FOLLOW", name="Follow-up",
                                       step=3, unit=sales)  # fmt: skip
    by = {s.code: s for s in Standard.objects.filter(workspace=ws)}
    for tp, code in ((arrive, "GREET"), (arrive, "CLEAN"), (follow, "CALLBACK")):
        TouchpointStandard.objects.create(workspace=ws, touchpoint=tp, standard=by[code])
    by["CLEAN"].behaviours = []  # checked as a whole, under its title
    by["CLEAN"].save()
    return buy


def walk_doc(key: str = "walk-key-0001", **extra):
    doc = {
        "submission_key": key,
        "journey": "BUY",
        "walker_kind": "leader",
        "unit": "SALES",
        "steps": [
            {"touchpoint": "ARRIVE", "note": "Busy morning", "checks": [
                {"standard": "GREET", "behaviour": "Looks up", "observed": True},
                {"standard": "GREET", "behaviour": "Uses the name", "observed": False},
                {"standard": "CLEAN", "behaviour": "Returns the car cleaner than it came",
                 "observed": True},
            ]},
            {"touchpoint": "FOLLOW", "checks": [
                {"standard": "CALLBACK", "behaviour": "Looks up", "observed": False},
            ]},
        ],
    }  # fmt: skip
    doc.update(extra)
    return doc
