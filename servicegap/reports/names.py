"""Names beside the codes of a report's rows: "Call-backs kept" next to CALLBACK.

The engine (``servicegap.gaps.kinds.run``) adds them, so the CLI, the API, the page, the CSV and
the PDF all read the same names. A row keeps its code under the ``by`` key (the JSON contract)
and gains ``name``; another code it carries (an alert's touchpoint, a consistency row's
standard) gains ``<key>_name``. Employee codes get no name: a report never names a person.
A code with no match (a question code outside the standards, a unit since deleted) is left
without a name rather than given a made-up one.
"""

from __future__ import annotations

from typing import Any

from servicegap.core.models import Workspace

PERSPECTIVES = {"customer": "Customers", "employee": "Employees", "leader": "Leaders",
                "internal": "Internal customers"}  # fmt: skip
# a standard's need_or_want (DESIGN.md: a need solves the problem, a want makes one feel good)
NEEDS = {"need": "Needs (the problem solved)", "want": "Wants (made to feel good)"}


def lookup(workspace: Workspace) -> dict[str, dict[str, str]]:
    """Each code kind's {code: name} in ``workspace``."""
    from servicegap.journeys.models import Journey, Touchpoint  # noqa: PLC0415 (apps load first)
    from servicegap.people.models import Unit  # noqa: PLC0415
    from servicegap.standards.models import Standard  # noqa: PLC0415

    standards = dict(Standard.objects.filter(workspace=workspace).values_list("code", "title"))
    units = dict(Unit.objects.filter(workspace=workspace).values_list("code", "name"))
    return {
        "item": standards,
        "standard": standards,
        "touchpoint": dict(
            Touchpoint.objects.filter(workspace=workspace).values_list("code", "name")
        ),
        "journey": dict(Journey.objects.filter(workspace=workspace).values_list("code", "name")),
        "unit": units,
        # the internal chain's two ends are units too (its rows carry no ``unit`` key)
        "supplier": units,
        "customer": units,
        "perspective": PERSPECTIVES,
        "need": NEEDS,
    }


def add_names(doc: dict[str, Any], by: str | None, names: dict[str, dict[str, str]]) -> None:
    """Give ``doc``'s rows (in place) the names of the codes they carry."""
    for row in doc.get("rows", []):
        if not isinstance(row, dict):
            continue
        for key, known in names.items():
            code = row.get(key)
            if not isinstance(code, str) or code not in known:
                continue
            target = "name" if key == by else f"{key}_name"
            if target not in row:
                row[target] = known[code]


def name_of(row: dict[str, Any], key: str, by: str | None) -> str:
    """What a row about ``key`` is called: its name, else its code."""
    named = row.get("name" if key == by else f"{key}_name")
    return str(named or row.get(key) or "")
