"""`GET /api/v1/reports/{kind}`: the measure reports, the same documents as `servicegap report`.

(No ``from __future__ import annotations``: Ninja reads the annotations at import time.)
"""

from typing import Any

from ninja import Query, Router, Status
from ninja.errors import HttpError

from servicegap.api.auth import scoped
from servicegap.api.errors import responses
from servicegap.gaps.filters import KINDS, ReportError

router = Router(tags=["reports"], auth=scoped("read"))

DESCRIPTION = (
    "One report of the workspace's gap: " + ", ".join(KINDS) + ". Query parameters are the CLI's "
    "options of `servicegap report KIND`, and the JSON is the same document. Too little data is "
    "200 with n = 0 and empty rows. Employee, leader and internal data may be sliced only by unit "
    "and whole calendar periods; groups of fewer distinct respondents than the workspace's "
    'anonymity threshold are `{"suppressed": true}`. Alerts rows are of kind `standard` (key '
    "`item`), `touchpoint` (key `touchpoint`: the share of misery moments in %, p-chart) or "
    "`unit` (key `unit`: the unit and its subtree), each with `period`, `value`, `expected`, "
    "`direction` and `method`."
)


@router.get(
    "/reports/{kind}",
    response=responses(dict[str, Any], params=True),
    summary="A measure report",
    description=DESCRIPTION,
)
def report(
    request,
    kind: str,
    by: str | None = Query(
        None, description="item, dimension, touchpoint, journey, unit, perspective or period"
    ),
    perspective: str | None = Query(
        None, description="customer (default), employee, leader or internal"
    ),
    unit: str | None = Query(None, description="A unit code: the unit and its whole subtree"),
    touchpoint: str | None = Query(None, description="A touchpoint code"),
    date_from: str | None = Query(None, alias="from", description="First day (ISO date)"),
    date_to: str | None = Query(None, alias="to", description="Last day (ISO date), inclusive"),
    period: str | None = Query(None, description="month (default), quarter or year"),
    segment: str | None = Query(None, description="key=value of a person attribute (customers)"),
    outcome: str | None = Query(None, description="drivers: overall (default) or nps"),
):
    if kind not in KINDS:
        raise HttpError(404, f"no report {kind!r}; reports: {', '.join(KINDS)}")
    from servicegap.gaps.kinds import run

    params = {
        "by": by,
        "perspective": perspective,
        "unit": unit,
        "touchpoint": touchpoint,
        "from": date_from,
        "to": date_to,
        "period": period,
        "segment": segment,
        "outcome": outcome,
    }
    try:
        return run(request.workspace, kind, params)
    except ReportError as exc:
        return Status(422, {"error": exc.message, "field": exc.field})
