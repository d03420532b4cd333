"""Creating and changing an action: the one set of checks the API, the pages and
``servicegap import actions`` share, and the one place status ``done`` is handled.

``clean(workspace, data, action)`` checks raw values (strings from a form or a file, JSON values
from the API) and returns the model's values, or raises ``ActionError(field, message)`` naming
the first bad one; ``save(workspace, cleaned, action)`` writes them in one transaction. The field
names are the API's and the import file's: ``code``, ``title``, ``description``, ``standards``,
``touchpoints``, ``units`` (lists of codes), ``owner`` (a member's e-mail), ``start``, ``due``,
``status``, ``public``, ``cost``, ``before_from``, ``before_to``, ``after_from``, ``after_to``,
``origin``, ``origin_detail``, ``idea`` (a feedback id of kind idea) and ``cases`` (case numbers).

Setting the status to ``done`` sets ``completed_on`` (today, in the workspace's time zone, unless
given) and emits the ``action.completed`` webhook event, once per completion; leaving ``done``
clears it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from servicegap.accounts.models import Membership
from servicegap.actions.measure import bounds, today
from servicegap.actions.models import (
    Action,
    ActionCase,
    ActionStandard,
    ActionStatus,
    ActionTouchpoint,
    ActionUnit,
    Origin,
)
from servicegap.cases.models import Case
from servicegap.core.models import Workspace
from servicegap.feedback.models import Feedback, FeedbackKind
from servicegap.journeys.models import Touchpoint
from servicegap.lib.errors import FieldError
from servicegap.lib.text import NUL
from servicegap.people.models import Unit
from servicegap.standards.models import Standard

CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
RESERVED = {"new", "alerts"}  # the actions pages' own paths beside /actions/<code>/
DATES = ("start", "due", "before_from", "before_to", "after_from", "after_to")
MODEL_DATES = {"start": "started_on", "due": "due_on"}
WINDOW_DATES = ("before_from", "before_to", "after_from", "after_to")
LISTS: dict[str, Any] = {"standards": Standard, "touchpoints": Touchpoint, "units": Unit}
COST_MAX = Decimal("9999999999.99")


class ActionError(FieldError):
    """An action's value is not valid; ``field`` names it."""


@dataclass
class Cleaned:
    values: dict[str, Any] = field(default_factory=dict)  # model fields
    links: dict[str, list[Any]] = field(default_factory=dict)  # standards, touchpoints, units
    cases: list[Case] | None = None


def _text(data: Mapping[str, Any], name: str, most: int, required: bool = False) -> str:
    raw = data.get(name)
    value = "" if raw is None else raw
    if not isinstance(value, str):
        raise ActionError(name, f"{name} must be text")
    value = value.strip()
    if NUL in value:
        raise ActionError(name, f"{name} must not contain a NUL character")
    if required and not value:
        raise ActionError(name, f"{name} is required")
    if len(value) > most:
        raise ActionError(name, f"{name} is {len(value)} characters long; at most {most}")
    return value


def day_of(data: Mapping[str, Any], name: str) -> date | None:
    raw = data.get(name)
    if raw is None or raw == "":
        return None
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        raise ActionError(name, f"{name} must be an ISO date (YYYY-MM-DD)")
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        raise ActionError(name, f"{name} must be an ISO date (YYYY-MM-DD), not {raw!r}") from None
    if not 1900 <= day.year <= 2999:
        raise ActionError(name, f"{name} must be a date from 1900 to 2999, not {raw!r}")
    return day


def codes_of(data: Mapping[str, Any], name: str) -> list[str]:
    raw = data.get(name)
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        raw = raw.split("|")
    if not isinstance(raw, list | tuple) or not all(isinstance(c, str) for c in raw):
        raise ActionError(name, f"{name} must be a list of codes")
    return list(dict.fromkeys(c.strip() for c in raw if c.strip()))


def boolean(data: Mapping[str, Any], name: str) -> bool:
    raw = data.get(name)
    if isinstance(raw, bool):
        return raw
    text = str(raw or "").strip().lower()
    if text in ("true", "yes", "1", "on"):
        return True
    if text in ("", "false", "no", "0", "off"):
        return False
    raise ActionError(name, f"{name} must be true or false, not {raw!r}")


def cost_of(data: Mapping[str, Any]) -> Decimal | None:
    raw = data.get("cost")
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise ActionError("cost", "cost must be a number")
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ActionError("cost", f"cost must be a number, not {raw!r}") from None
    if not value.is_finite() or not 0 <= value <= COST_MAX:
        raise ActionError("cost", f"cost must be from 0 to {COST_MAX}, not {raw!r}")
    if value != value.quantize(Decimal("0.01")):
        raise ActionError("cost", "cost has at most two decimals")
    return value


def _owner(workspace: Workspace, data: Mapping[str, Any]) -> Any:
    email = _text(data, "owner", 254)
    if not email:
        return None
    member = (
        Membership.objects.of(workspace)
        .select_related("user")
        .filter(user__email__iexact=email)
        .first()
    )
    if member is None:
        raise ActionError("owner", f"{email!r} is not a member of this workspace")
    return member.user


def _linked(workspace: Workspace, name: str, codes: list[str]) -> list[Any]:
    found = {row.code: row for row in LISTS[name].objects.of(workspace).filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ActionError(name, f"unknown {name[:-1]} code(s): {', '.join(missing)}")
    return [found[c] for c in codes]


def idea_of(workspace: Workspace, raw: Any) -> Feedback | None:
    if raw is None or raw == "":
        return None
    text = str(raw).strip()
    idea = None
    if text.isdigit():
        idea = Feedback.objects.of(workspace).filter(pk=int(text), kind=FeedbackKind.IDEA).first()
    if idea is None:
        raise ActionError("idea", f"there is no idea {text!r} in this workspace")
    return idea


def cases_of(workspace: Workspace, raw: Any) -> list[Case]:
    if isinstance(raw, str):
        raw = [p for p in re.split(r"[,|\s]+", raw) if p]
    if not isinstance(raw, list | tuple):
        raise ActionError("cases", "cases must be a list of case numbers")
    numbers = []
    for value in raw:
        if isinstance(value, bool) or not str(value).strip().isdigit():
            raise ActionError("cases", f"{value!r} is not a case number")
        numbers.append(int(str(value).strip()))
    found = {c.number: c for c in Case.objects.of(workspace).filter(number__in=numbers)}
    missing = [str(n) for n in numbers if n not in found]
    if missing:
        raise ActionError("cases", f"there is no case {', '.join(missing)} in this workspace")
    return [found[n] for n in dict.fromkeys(numbers)]


def clean(workspace: Workspace, data: Mapping[str, Any], action: Action | None = None) -> Cleaned:
    """Check ``data`` (every key optional when ``action`` is given: a change; unknown keys are
    the caller's to refuse) and return what to write."""
    out = Cleaned()
    v = out.values
    given = (lambda name: name in data) if action is not None else (lambda name: True)
    if action is None:
        code = _text(data, "code", 64, required=True)
        if not CODE.fullmatch(code) or code.lower() in RESERVED:
            raise ActionError(
                "code", f"{code!r} is not a code: letters, digits, '-' and '_', not new or alerts"
            )
        if Action.objects.of(workspace).filter(code=code).exists():
            raise ActionError("code", f"there is already an action {code}", status=409)
        v["code"] = code
    elif "code" in data and data["code"] != action.code:
        raise ActionError("code", "an action's code cannot be changed")
    if given("title"):
        v["title"] = _text(data, "title", 300, required=True)
    if given("description"):
        v["description"] = _text(data, "description", 5000)
    if given("status"):
        status = _text(data, "status", 16) or ActionStatus.PLANNED
        if status not in ActionStatus.values:
            raise ActionError("status", f"status must be one of {', '.join(ActionStatus.values)}")
        v["status"] = status
    if given("origin"):
        origin = _text(data, "origin", 16) or Origin.MANUAL
        if origin not in Origin.values:
            raise ActionError("origin", f"origin must be one of {', '.join(Origin.values)}")
        v["origin"] = origin
    if "origin_detail" in data:
        detail = data["origin_detail"] or {}
        if not isinstance(detail, dict):
            raise ActionError("origin_detail", "origin_detail must be an object")
        v["origin_detail"] = detail
    if given("owner"):
        v["owner"] = _owner(workspace, data)
    for name in DATES:
        if given(name):
            v[MODEL_DATES.get(name, name)] = day_of(data, name)
    if given("public"):
        v["public"] = boolean(data, "public")
    if given("cost"):
        v["cost"] = cost_of(data)
    if "idea" in data:
        v["idea"] = idea_of(workspace, data["idea"])
    for name in LISTS:
        if given(name):
            out.links[name] = _linked(workspace, name, codes_of(data, name))
    if "cases" in data:
        out.cases = cases_of(workspace, data["cases"])
    _check_dates(action, v)
    return out


def _check_dates(action: Action | None, v: dict[str, Any]) -> None:
    """Due not before start; each window in order, the before window before the after one."""
    probe = Action(
        **{
            name: v.get(name, getattr(action, name) if action else None)
            for name in ("started_on", "due_on", *WINDOW_DATES)
        }
    )
    if probe.started_on and probe.due_on and probe.due_on < probe.started_on:
        raise ActionError("due", "due must not be before start")
    got = bounds(probe)
    if got is None:
        return
    before_from, before_to, after_from, after_to = got
    if before_from > before_to:
        raise ActionError("before_from", "before_from must not be after before_to")
    if after_from > after_to:
        raise ActionError("after_from", "after_from must not be after after_to")
    if before_to >= after_from:
        raise ActionError("after_from", "the after window must begin after the before window ends")


def _status_change(workspace: Workspace, action: Action, previous: str | None) -> bool:
    """Set or clear ``completed_on`` for the new status; True when the action just got done."""
    if action.status == ActionStatus.DONE:
        if action.completed_on is None:
            action.completed_on = today(workspace)
        return previous != ActionStatus.DONE
    action.completed_on = None
    return False


@transaction.atomic
def save(
    workspace: Workspace, cleaned: Cleaned, action: Action | None = None, announce: bool = True
) -> Action:
    """Write ``cleaned`` (from ``clean``) as a new action or onto ``action``; ``announce``:
    send ``action.completed`` when it just got done (not for an import)."""
    previous = action.status if action is not None else None
    if action is None:
        action = Action(workspace=workspace)
    for name, value in cleaned.values.items():
        setattr(action, name, value)
    completed = _status_change(workspace, action, previous)
    action.save()
    for name, rows in cleaned.links.items():
        _relink(workspace, action, name, rows)
    if cleaned.cases is not None:
        ActionCase.objects.of(workspace).filter(action=action).delete()
        ActionCase.objects.bulk_create(
            ActionCase(workspace=workspace, action=action, case=c) for c in cleaned.cases
        )
    if completed and announce:
        from servicegap.notifications.events import emit  # noqa: PLC0415 (an optional app)

        emit(workspace, "action.completed", document(action))
    return action


THROUGH: dict[str, tuple[Any, str]] = {
    "standards": (ActionStandard, "standard"),
    "touchpoints": (ActionTouchpoint, "touchpoint"),
    "units": (ActionUnit, "unit"),
}


def _relink(workspace: Workspace, action: Action, name: str, rows: list[Any]) -> None:
    model, column = THROUGH[name]
    links = model.objects.of(workspace).filter(action=action)
    links.exclude(**{f"{column}__in": rows}).delete()
    have = set(links.values_list(f"{column}_id", flat=True))
    model.objects.bulk_create(
        model(workspace=workspace, action=action, **{column: r}) for r in rows if r.pk not in have
    )


def codes(action: Action) -> dict[str, list[str]]:
    """The codes an action is linked to, each list sorted."""
    ws = action.workspace_id
    return {
        name: sorted(
            model.objects.of(ws).filter(action=action).values_list(f"{column}__code", flat=True)
        )
        for name, (model, column) in THROUGH.items()
    }


def document(action: Action) -> dict[str, Any]:
    """An action as the API and the ``action.completed`` event show it (without its effect)."""

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "code": action.code,
        "title": action.title,
        "description": action.description,
        "status": action.status,
        **codes(action),
        "owner": action.owner.email if action.owner_id else None,  # type: ignore[union-attr]
        "start": day(action.started_on),
        "due": day(action.due_on),
        "completed": day(action.completed_on),
        "public": action.public,
        "cost": str(action.cost) if action.cost is not None else None,
        "origin": action.origin,
        "origin_detail": action.origin_detail,
        "idea": action.idea_id,
        "cases": sorted(
            ActionCase.objects.of(action.workspace_id)
            .filter(action=action)
            .values_list("case__number", flat=True)
        ),
        "before_from": day(action.before_from),
        "before_to": day(action.before_to),
        "after_from": day(action.after_from),
        "after_to": day(action.after_to),
    }
