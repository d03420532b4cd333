"""The ``loyalty`` and ``lost`` report kinds: loyal or merely retained, and why customers are lost.

``servicegap report loyalty --as-of DATE --json`` and ``GET /api/v1/reports/loyalty?as-of=DATE``
answer ``{"groups": {group: {"customers", "clv"}}, "value_at_risk", "rows": [{"customer",
"group", "p_alive", "nps", "clv", …}], …}``; ``lost`` answers ``{"reasons": [{"reason", "n",
"share", "ci_low", "ci_high"}], "rows": [{"touchpoint", "standard", "customers", "lost_clv"}]}``.
The behaviour figures (``p_alive``, ``clv``) are servicegap.loyalty.value's BG/NBD and
Gamma-Gamma fit as of the date; the rules are groups.py's, the figures returns.py's and lost.py's.
Customer-level rows are personal data: the kinds have no report page (every member reads report
pages); the loyalty pages (views.py) are for owners and leaders.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from servicegap.core.models import Workspace
from servicegap.gaps.filters import Filters, ReportError
from servicegap.loyalty import config, facts, groups, lost, returns
from servicegap.reports.params import Param
from servicegap.reports.registry import ReportKind

AS_OF = Param(
    "as-of",
    "As of",
    "The day the figures are computed at (ISO date, 1900–2999); none: the last transaction's day.",
    metavar="DATE",
    date=True,
)
QUARTER = 91  # days: "one quarter to the next" for the movement between groups
LIST = 25  # lost customers listed by name on the lost page, the largest value first


def _last_purchase(workspace: Workspace, up_to: date | None = None) -> date | None:
    from django.db.models import Max  # noqa: PLC0415 (keeps the kind's import light)

    from servicegap.loyalty.models import Transaction  # noqa: PLC0415

    found = Transaction.objects.of(workspace)
    if up_to is not None:
        found = found.filter(date__lte=up_to)
    last: date | None = found.aggregate(last=Max("date"))["last"]
    return last


def as_of(workspace: Workspace, f: Filters) -> date:
    """The ``as-of`` day asked, else the last purchase's, else today (nothing bought yet)."""
    raw = f.options.get("as-of")
    if raw:
        return date.fromisoformat(raw)
    from django.utils import timezone  # noqa: PLC0415

    return _last_purchase(workspace) or timezone.localdate()


def values(workspace: Workspace, day: date) -> dict[str, Any]:
    """Each customer's behaviour as of ``day`` (servicegap.loyalty.value's document); a fit that
    cannot be made is a ReportError naming ``as-of``."""
    from servicegap.loyalty.value import customer_values  # noqa: PLC0415 (SciPy, fitted)

    try:
        found: dict[str, Any] = customer_values(workspace, day)
    except ValueError as error:
        raise ReportError("as-of", str(error)) from None
    return found


def classify(workspace: Workspace, day: date) -> list[dict[str, Any]]:
    """Each customer with a fitted behaviour, their group by groups.group_of."""
    return grouped(workspace, day)[0]


def grouped(workspace: Workspace, day: date) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``classify``'s rows, and the fit's document they come from (empty: nobody bought yet)."""
    if _last_purchase(workspace, day) is None:  # nobody bought yet: no one to group, no fit
        return [], {}
    t = config.thresholds()
    nps = facts.latest_nps(workspace, day)
    exited, _ = facts.exit_reasons(workspace, day)
    fitted = values(workspace, day)
    out = []
    for v in fitted["rows"]:
        code = v["customer"]
        group = groups.group_of(float(v["p_alive"]), nps.get(code), code in exited, t)
        out.append({
            "customer": code, "group": group, "p_alive": v["p_alive"], "nps": nps.get(code),
            "clv": v["clv"], "frequency": v["frequency"],
        })  # fmt: skip
    return out, fitted


def _transitions(workspace: Workspace, day: date, now: list[dict[str, Any]]) -> dict[str, Any]:
    before_day = day - timedelta(days=QUARTER)
    try:
        before = classify(workspace, before_day)
    except ReportError as error:  # too little history a quarter ago: say so, not fail
        return {"from": before_day.isoformat(), "rows": [], "note": error.message}
    moved = groups.transitions(
        {r["customer"]: r["group"] for r in before}, {r["customer"]: r["group"] for r in now}
    )
    return {"from": before_day.isoformat(), "rows": moved}


def _returns(workspace: Workspace, day: date) -> dict[str, Any]:
    """Revenue in the 12 months after each customer's recommend answer (returns.anchored)."""
    customers = returns.anchored(
        facts.nps_history(workspace, day),
        facts.bad_days(workspace, day),
        facts.purchases(workspace, day),
        day,
    )
    rows = returns.by_experience(customers, facts.names(workspace))
    currency = workspace.currency or ""
    return {
        "customers": len(customers),
        "by_attitude": returns.by_attitude(customers),
        "by_experience": rows,
        # said only where the whole interval lies below zero: the figures support "spent less"
        "sentences": [
            returns.sentence(r, currency)
            for r in rows
            if r["ci_high"] is not None and r["ci_high"] < 0
        ][:3],
    }


def loyalty(workspace: Workspace, f: Filters) -> dict[str, Any]:
    day = as_of(workspace, f)
    rows = classify(workspace, day)
    said = facts.feedback_counts(workspace, day)
    referred = facts.referrers(workspace)
    made: dict[str, int] = {}
    for code in referred:
        made[code] = made.get(code, 0) + 1
    for r in rows:
        got = said.get(r["customer"], {})
        r["compliments"], r["complaints"] = got.get("compliment", 0), got.get("complaint", 0)
        r["referrals"] = made.get(r["customer"], 0)
    summary, at_risk = groups.summary(rows)
    captive = {r["customer"] for r in rows if r["group"] == "captive"}
    t = config.thresholds()
    return {
        "as_of": day.isoformat(),
        "thresholds": {"lost": t.lost, "fading": t.fading},
        "groups": summary,
        "value_at_risk": at_risk,
        "currency": workspace.currency,
        "rows": rows,
        "transitions": _transitions(workspace, day, rows),
        "returns": _returns(workspace, day),
        "referrals": groups.referral_counts(referred, rows),
        "captive_comments": facts.comments(workspace, day, captive),
        "captive_themes": facts.themes(workspace, day, captive),
    }


def lost_report(workspace: Workspace, f: Filters) -> dict[str, Any]:
    day = as_of(workspace, f)
    picked, labels = facts.exit_reasons(workspace, day)
    reasons = lost.reasons(picked)
    for r in reasons:
        r["label"] = labels.get(r["reason"], r["reason"])
    rows, fitted = grouped(workspace, day)
    by_code = {v["customer"]: v for v in fitted.get("rows", [])}
    gone = [
        {"customer": r["customer"],
         "value": lost.value_if_alive(fitted["bgnbd"], by_code[r["customer"]])}
        for r in rows
        if r["group"] == "lost"
    ]  # fmt: skip
    bad = facts.bad_experiences(workspace, day)
    last = {code: (events[-1][1], events[-1][2]) for code, events in bad.items() if events}
    dearest = sorted(gone, key=lambda g: (-g["value"], g["customer"]))[:LIST]
    names = facts.names(workspace)
    return {
        "as_of": day.isoformat(),
        "currency": workspace.currency,
        "customers": len(gone),
        "lost_clv": round(sum(g["value"] for g in gone), 2),
        "reasons": reasons,
        "rows": lost.lost_value(gone, last),
        "lost_customers": [  # the dearest losses, for their timelines
            _dearest(g, last.get(g["customer"], ("", "")), names) for g in dearest
        ],
    }


def _dearest(g: dict[str, Any], where: tuple[str, str], names: dict[str, str]) -> dict[str, Any]:
    touchpoint, standard = where
    return {
        "customer": g["customer"],
        "lost_clv": g["value"],
        "touchpoint": touchpoint or None,
        "standard": standard or None,
        "where": " · ".join(names.get(c, c) for c in where if c),  # by name, for the page
    }


def _money(doc: dict[str, Any], value: float) -> str:
    return f"{doc.get('currency') or ''} {value:,.0f}".strip()


def loyalty_sentence(doc: dict[str, Any], _by: str | None, _params: Any) -> str:
    g = doc["groups"]
    customers = sum(x["customers"] for x in g.values())
    if not customers:
        return "No customer has bought enough to tell loyal from retained yet (n = 0)."
    return (
        f"Of {customers} customers as of {doc['as_of']}, {g['loyal']['customers']} are loyal and "
        f"{g['captive']['customers']} are captive (they keep buying but would not recommend us); "
        f"{_money(doc, doc['value_at_risk'])} of lifetime value is at risk with captive and "
        f"at-risk customers."
    )


def lost_sentence(doc: dict[str, Any], _by: str | None, _params: Any) -> str:
    if not doc["customers"]:
        return f"No customer counts as lost as of {doc['as_of']} (n = 0)."
    text = f"{doc['customers']} customers are lost as of {doc['as_of']}, {_money(doc, doc['lost_clv'])} of lifetime value"
    top = next((r for r in doc["rows"] if r["touchpoint"] or r["standard"]), None)
    if top:
        where = (
            top.get("touchpoint_name")
            or top["touchpoint"]
            or top.get("standard_name")
            or top["standard"]
        )
        text += (
            f"; the most ({_money(doc, top['lost_clv'])}) after a last bad experience at {where}"
        )
    return text + "."


LOYALTY = ReportKind(
    name="loyalty",
    title="Loyal or retained",
    heading="Loyal or merely retained: each customer's attitude and behaviour",
    reading=(
        "Each customer's group from their latest recommend answer (attitude) and the probability "
        "that they still buy (behaviour, p_alive): loyal, captive (buying but detractors), at "
        "risk, lost or unknown, with the lifetime value of each group."
    ),
    builder="servicegap.loyalty.report:loyalty",
    filtered=False,
    params=(AS_OF,),
    page=False,
    sentence="servicegap.loyalty.report:loyalty_sentence",
    lead=("group", "p_alive", "nps", "clv"),
    sort="-clv",
    order=90,
)

LOST = ReportKind(
    name="lost",
    title="Why customers are lost",
    heading="Why customers are lost",
    reading=(
        "The reasons lost customers gave in the exit survey, each with its share and 95 % "
        "interval, and the lifetime value lost by the touchpoint and standard of each lost "
        "customer's last bad experience."
    ),
    builder="servicegap.loyalty.report:lost_report",
    filtered=False,
    params=(AS_OF,),
    page=False,
    sentence="servicegap.loyalty.report:lost_sentence",
    lead=("lost_clv", "customers"),
    sort="-lost_clv",
    order=91,
)
