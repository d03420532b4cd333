"""The new-action form, prefilled from what the action is made from.

The links that open it say so in the query string: ``standards``, ``touchpoints``, ``units``
(codes, separated by ``|`` or ``,``) and ``title`` fill the form; ``origin`` (gap, driver,
alert, idea, cases) and ``from_*`` values (what the row showed: the gap, n, the filters) are
kept with the action; ``idea=<feedback id>`` fills it from an idea (kind ``idea``), ``cases=3,4``
from a set of cases (their units and touchpoints), and an alert's identity (``alert_kind``,
``alert_code``, ``alert_period``, ``alert_perspective``, ``alert_scope``) from the alert, which
then records the action it became. The same values travel with the form as hidden fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from servicegap.actions import alerts
from servicegap.actions.models import Action, Origin
from servicegap.actions.service import ActionError, cases_of, idea_of
from servicegap.core.models import Workspace
from servicegap.lib.errors import FieldError

DETAIL = re.compile(r"from_([a-z_]{1,30})")
DETAIL_MOST = 12  # what a link said about its row: a dozen short values at most
ALERT_FIELDS = {f"alert_{name}": name for name in (*alerts.IDENTITY, "direction")}
SLICE_FIELD = {"standard": "standards", "touchpoint": "touchpoints", "unit": "units"}


@dataclass
class Start:
    initial: dict[str, Any] = field(default_factory=dict)  # the form's first values
    hidden: dict[str, Any] = field(default_factory=dict)  # carried to the POST as they are
    detail: dict[str, str] = field(default_factory=dict)  # kept as the action's origin_detail
    alert: dict[str, str] | None = None  # the alert's identity, when made from one
    made_from: str = ""  # the sentence above the form
    problem: str = ""  # a link that named something unknown


def _codes(raw: str) -> list[str]:
    return [c for c in re.split(r"[|,]", raw or "") if c.strip()][:50]


def _suggest_code(workspace: Workspace, base: str) -> str:
    base = re.sub(r"[^A-Za-z0-9_-]", "-", base.upper())[:50].strip("-") or "ACTION"
    taken = set(
        Action.objects.of(workspace).filter(code__startswith=base).values_list("code", flat=True)
    )
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def initial(workspace: Workspace, data: Any) -> Start:
    start = Start()
    origin = str(data.get("origin") or "")
    if origin not in Origin.values:
        origin = Origin.MANUAL
    start.hidden["origin"] = origin
    for name in ("standards", "touchpoints", "units"):
        if data.get(name):
            start.initial[name] = _codes(str(data.get(name)))
    if data.get("title"):
        start.initial["title"] = str(data["title"])[:300]
    found = [(m.group(1), str(v)[:200]) for k, v in data.items() if (m := DETAIL.fullmatch(k))]
    start.detail = dict(found[:DETAIL_MOST])
    try:
        _from_idea(workspace, data, start)
        _from_cases(workspace, data, start)
        _from_alert(data, start)
    except FieldError as error:
        start.problem = error.message
    if origin == Origin.GAP:
        start.made_from = "Made from a row of the gaps report."
    elif origin == Origin.DRIVER:
        start.made_from = "Made from a row of the drivers report."
    standards = start.initial.get("standards") or []
    base = standards[0] if standards else (start.initial.get("units") or ["ACTION"])[0]
    start.initial.setdefault("code", _suggest_code(workspace, base))
    start.initial.setdefault("status", "planned")
    return start


def _from_idea(workspace: Workspace, data: Any, start: Start) -> None:
    if not data.get("idea"):
        return
    idea = idea_of(workspace, data.get("idea"))
    assert idea is not None
    start.hidden |= {"idea": str(idea.pk), "origin": Origin.IDEA}
    start.initial.setdefault("title", idea.text[:80])
    start.initial.setdefault("description", f"From an idea: {idea.text}"[:5000])
    if idea.standard_id:
        start.initial.setdefault("standards", [idea.standard.code])  # type: ignore[union-attr]
    if idea.perspective != "customer":
        # An employee's idea is shown only in a group of at least ten writers: its own unit
        # (perhaps a small one) would narrow down who wrote it, so the action starts without.
        pass
    elif idea.touchpoint_id:
        start.initial.setdefault("touchpoints", [idea.touchpoint.code])  # type: ignore[union-attr]
    if idea.unit_id and idea.perspective == "customer":
        start.initial.setdefault("units", [idea.unit.code])  # type: ignore[union-attr]
    start.made_from = f"Made from idea {idea.pk}."


def _from_cases(workspace: Workspace, data: Any, start: Start) -> None:
    if not data.get("cases"):
        return
    found = cases_of(workspace, str(data.get("cases")))
    numbers = [c.number for c in found]
    start.hidden |= {"cases": ",".join(map(str, numbers)), "origin": Origin.CASES}
    units = sorted({c.unit.code for c in found if c.unit_id})  # type: ignore[union-attr]
    if units:
        start.initial.setdefault("units", units)
    touchpoints = sorted(
        {
            c.feedback.touchpoint.code  # type: ignore[union-attr]
            for c in found
            if c.feedback_id and c.feedback.touchpoint_id  # type: ignore[union-attr]
        }
    )
    if touchpoints:
        start.initial.setdefault("touchpoints", touchpoints)
    listed = ", ".join(map(str, numbers))
    start.initial.setdefault("title", f"Fix the cause of cases {listed}"[:300])
    start.made_from = f"Made from case{'s' if len(numbers) > 1 else ''} {listed}."


def _from_alert(data: Any, start: Start) -> None:
    if not data.get("alert_kind"):
        return
    ident = alerts.check({name: data.get(key) for key, name in ALERT_FIELDS.items()})
    start.alert = ident
    start.hidden |= {key: ident[name] for key, name in ALERT_FIELDS.items()}
    start.hidden["origin"] = Origin.ALERT
    start.detail |= {"alert": alerts.key(*(ident[n] for n in alerts.IDENTITY))}
    start.initial.setdefault(SLICE_FIELD[ident["kind"]], [ident["code"]])
    start.initial.setdefault("title", f"Act on the alert on {ident['code']} in {ident['period']}")
    start.made_from = (
        f"Made from the alert on {ident['kind']} {ident['code']} in {ident['period']}."
    )


def attach(workspace: Workspace, action: Action, start: Start) -> None:
    """After the action is made: the alert it came from records it."""
    if start.alert is not None:
        state = alerts.remember(workspace, start.alert)
        state.action = action
        state.save(update_fields=["action"])


__all__ = ["ActionError", "Start", "attach", "initial"]
