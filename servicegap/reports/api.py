"""`GET /api/v1/reports/{kind}`: every registered report kind, the same documents as
`servicegap report KIND --json`. The query parameters are the filter specification's
(servicegap/reports/params.py): the common filters and each kind's own, documented here from the
registry; the engine checks them and names the one at fault in a 422.

(No ``from __future__ import annotations``: Ninja reads the annotations at import time.)
"""

from typing import Any

from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, Field, create_model

from servicegap.api.auth import scoped
from servicegap.api.errors import responses
from servicegap.reports import params as spec
from servicegap.reports import registry

router = Router(tags=["reports"], auth=scoped("read"))


def _described() -> list[spec.Param]:
    """Every parameter any registered kind takes, once (the first declaration's help)."""
    seen: dict[str, spec.Param] = {}
    for kind in registry.kinds():
        for param in kind.parameters:
            if param.name == "by":
                by = sorted({b for k in registry.kinds() for b in k.by})
                param = spec.Param("by", "By", f"Rows by {', '.join(by)}; each kind names its own.")
            seen.setdefault(param.name, param)
    return list(seen.values())


def _query_schema() -> type[Schema]:
    fields: dict[str, Any] = {
        p.attr: (str | None, Field(None, alias=p.name, description=p.help)) for p in _described()
    }
    return create_model(  # type: ignore[call-overload,no-any-return]
        "ReportQuery", __base__=Schema, __config__=None, **fields
    )


ReportQuery = _query_schema()
ReportQuery.model_config = ConfigDict(populate_by_name=True, extra="ignore")


def _description() -> str:
    kinds = "; ".join(f"`{k.name}`: {k.reading}" for k in registry.kinds())
    return (
        "One report of the workspace's gap. Query parameters are the options of `servicegap "
        "report KIND`, and the JSON is the same document. Too little data is 200 with n = 0 and "
        "empty rows. Employee, leader and internal data may be sliced only by unit and whole "
        "calendar periods; groups of fewer distinct respondents than the workspace's anonymity "
        f'threshold are `{{"suppressed": true}}`. The kinds: {kinds}'
    )


@router.get(
    "/reports/{kind}",
    response=responses(dict[str, Any], params=True),
    summary="A report",
    description=_description(),
)
def report(request, kind: str, filters: Query[ReportQuery]):  # type: ignore[valid-type]
    declared = registry.get(kind)
    if declared is None:
        raise HttpError(404, f"no report {kind!r}; reports: {', '.join(registry.names())}")
    from servicegap.gaps.kinds import run

    # Read from the query string itself: a kind registered after this module was imported (a
    # plugin, a test's toy kind) takes its own parameters too.
    params = {p.name: request.GET.get(p.name) for p in declared.parameters}
    return run(request.workspace, kind, params)  # a ReportError is a 422 (api/app.py)
