"""The demo workspace "Northway Motors": a car dealer group whose data tells the gap story.

``story`` and ``texts`` hold the scripted facts (units, standards with behaviours, journeys,
effects, names, comment templates); ``population``, ``customers``, ``staff`` and ``simulate`` draw
people and responses with numpy (no Django); ``structure``, ``questionnaires`` and ``cast`` create
the configuration rows, ``writer`` inserts the responses in batches, ``extras`` adds feedback,
cases, actions and quality rows, and ``generator.build_demo(seed=7, answers=..., end=...)`` runs
it all. ``servicegap demo`` (servicegap/cli/demo.py) is the command.
"""

from __future__ import annotations

DEMO_SLUG = "demo"
