"""The report kinds of employee voice: ``engagement`` and ``linkage`` (docs/engagement.md).

Both read employee answers, so both are always protected (anonymity rule, whole periods) and take
only the filters that keep to it: a unit (and its subtree) and one calendar period.
"""

from __future__ import annotations

from servicegap.engagement import charts
from servicegap.engagement.figures import LABELS
from servicegap.reports import kind_charts
from servicegap.reports.params import UNIT, WINDOW, Param
from servicegap.reports.registry import ReportKind

FRONT_LINE = Param(
    "front_line",
    "Employees",
    "all (default) or yes: only those who talk to customers (people's front-line flag).",
    choices=("all", "yes"),
    default="all",
    hint="A unit's front line is shown only where it and the rest of the unit each reach the "
    "anonymity threshold.",
)

ENGAGEMENT = ReportKind(
    name="engagement",
    title="Engagement",
    heading="Employee engagement by unit",
    reading=(
        "What employees say about working here, by unit: the eNPS (share of 9–10 minus share "
        "of 0–6 to “How likely are you to recommend working here?”) with its 95 % interval, "
        "and the mean agreement with each engagement statement and with “I am able to deliver "
        "this standard”; units with fewer respondents than the anonymity threshold are hidden."
    ),
    builder="servicegap.engagement.report:engagement",
    by=("unit",),
    default_by="unit",
    filtered=False,
    params=(UNIT, WINDOW, FRONT_LINE),
    always_protected=True,
    tell_width=40.0,
    chart=kind_charts.bars("enps", "eNPS"),
    value="enps",
    labels=LABELS,
    sentence="servicegap.engagement.sentences:engagement",
    lead=("enps", "ci_low", "n"),
    sort="enps",
    order=75,
)

LINKAGE = ReportKind(
    name="linkage",
    title="Linkage",
    heading="Employee–customer linkage",
    reading=(
        "Per unit, what its employees say (eNPS, enablement) beside what its customers say "
        "(NPS, gap), and across units the correlation r with its 95 % interval (Fisher z); a "
        "unit enters only where its employees and its customers each reach the anonymity "
        "threshold, and under four units there are too few to tell."
    ),
    builder="servicegap.engagement.linkage:linkage",
    by=("unit",),
    default_by="unit",
    filtered=False,
    params=(UNIT, WINDOW),
    always_protected=True,
    chart=charts.draw,
    chart_template="engagement/linkage_chart.html",
    value="enps",
    labels=LABELS,
    sentence="servicegap.engagement.sentences:linkage",
    lead=("enps", "nps", "enablement", "gap", "employee_n", "customer_n"),
    sort="enps",
    order=76,
)
