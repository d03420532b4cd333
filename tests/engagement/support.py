"""Employee voice data for the engagement tests: units of employees answering eNPS, engagement
and enablement, and their customers answering NPS and a gap pair."""

from __future__ import annotations

from servicegap.people.models import Person, Unit
from tests.report_support import respond

# unit code: (employees, of whom front line, their eNPS answers cycled, customers' NPS cycled)
UNITS = {
    "U1": (5, 5, [9, 10, 9, 8, 7], [9, 10, 9, 9, 8, 10]),
    "U2": (5, 5, [8, 7, 9, 6, 8], [9, 8, 7, 9, 10, 6]),
    "U3": (6, 6, [6, 5, 7, 8, 4, 6], [7, 6, 5, 8, 9, 4]),
    "U4": (5, 5, [3, 5, 2, 6, 4], [3, 6, 2, 5, 7, 4]),
    "U5": (10, 5, [7, 8, 6, 9, 5, 7, 8, 6, 9, 7], [8, 9, 7, 6, 9, 10]),
    "U6": (7, 5, [8, 9, 7, 6, 9, 8, 7], [9, 9, 8, 7, 10, 9]),  # 2 back office: < threshold
    "SMALL": (3, 3, [9, 9, 9], [9, 9, 10, 8, 9, 9]),  # under the threshold of 5
}


def voice_data(workspace, standards) -> dict[str, Unit]:
    hq = Unit.objects.of(workspace).get(code="HQ")
    units = {}
    for code, (staff, front, enps, nps) in UNITS.items():
        unit = Unit.objects.create(workspace=workspace, code=code, name=f"Team {code}", parent=hq)
        units[code] = unit
        for i in range(staff):
            person = Person.objects.create(
                workspace=workspace, code=f"{code}-E{i}", kind="employee", unit=unit,
                front_line=i < front,
            )  # fmt: skip
            value = enps[i % len(enps)]
            respond(
                workspace, "employee",
                [("", "enps", value), ("ENG-TOOLS", "engagement", min(7, max(1, value - 2))),
                 ("GREET", "enablement", min(7, max(1, value - 1)))],
                respondent=person, unit=unit,
            )  # fmt: skip
        for i, score in enumerate(nps):
            respond(
                workspace, "customer",
                [("", "nps", score), ("GREET", "expectation", 6),
                 ("GREET", "experience", min(7, max(1, score - 3)))],
                respondent=f"{code}-C{i}", unit=unit,
            )  # fmt: skip
    return units
