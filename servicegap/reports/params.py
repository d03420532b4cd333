"""The one specification of the report filters: the CLI's options, the API's query parameters and
the page's form fields are all generated from these ``Param``s (servicegap/cli/report.py,
servicegap/reports/api.py, servicegap/reports/views.py). A kind adds parameters of its own
(``ReportKind.params``) the same way. No Django import here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from servicegap.lib.scales import PERSPECTIVES

PERIODS = ("month", "quarter", "year")


@dataclass(frozen=True)
class Param:
    name: str  # the query parameter, the form field and (as --name) the CLI option
    label: str  # the form's label
    help: str  # the CLI's help and the API's description
    choices: tuple[str, ...] = ()  # a closed list (a select on the page); empty: free text
    default: str | None = None  # what an empty value means
    metavar: str = ""  # CLI: DATE, KEY=VALUE, …
    date: bool = False  # an ISO date, checked to lie in 1900–2999
    hint: str = ""  # the form's help text

    @property
    def attr(self) -> str:
        """A Python name for it (``from`` is a keyword)."""
        return {"from": "date_from", "to": "date_to"}.get(self.name, self.name.replace("-", "_"))


BY_HELP = "Rows by one of the kind's groupings"
PERSPECTIVE = Param(
    "perspective",
    "Perspective",
    "customer (default), employee, leader or internal.",
    choices=PERSPECTIVES,
    default="customer",
)
UNIT = Param("unit", "Unit", "A unit code: the unit and its whole subtree.")
TOUCHPOINT = Param("touchpoint", "Touchpoint", "A touchpoint code.")
FROM = Param(
    "from", "From", "First day (ISO date, 1900–2999); none: all time.", metavar="DATE", date=True
)
TO = Param("to", "To", "Last day (ISO date, 1900–2999), inclusive.", metavar="DATE", date=True)
WINDOW = Param(
    "window",
    "Calendar period",
    "One whole calendar period instead of from/to: YYYY-MM, YYYY-Qn or YYYY.",
    metavar="PERIOD",
    hint="Employee and leader views take whole periods only.",
)
PERIOD = Param(
    "period",
    "Period",
    "Calendar period for by=period and alerts: month (default), quarter, year.",
    choices=PERIODS,
    default="month",
)
SEGMENT = Param(
    "segment",
    "Segment",
    "Customers with this person attribute (key=value).",
    metavar="KEY=VALUE",
    hint="key=value, e.g. region=north",
)

# The filters every kind that is ``filtered`` takes, in the order the form shows them.
COMMON: tuple[Param, ...] = (PERSPECTIVE, UNIT, TOUCHPOINT, WINDOW, FROM, TO, PERIOD, SEGMENT)


def by_param(by: Sequence[str], default: str | None) -> Param:
    """The ``by`` parameter of a kind with these groupings."""
    return Param(
        "by",
        "By",
        f"Rows by {', '.join(by)}" + (f" (default {default})." if default else "."),
        choices=tuple(by),
        default=default,
    )
