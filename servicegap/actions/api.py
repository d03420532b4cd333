"""The API of improvement actions: ``GET /api/v1/actions`` (a page at a time), ``GET
/api/v1/actions/{code}`` (with its measured effect, as a row of the actions report), ``POST
/api/v1/actions`` and ``PATCH /api/v1/actions/{code}``. Reading takes a key of scope ``read``;
writing one of scope ``admin`` (managing the workspace's plans, as for webhooks: ``ingest`` only
sends data in). The checks are ``servicegap.actions.service``'s, shared with the pages and the
import. (No ``from __future__ import annotations``: Ninja reads the annotations at import time.)
"""

from typing import Any

from django.conf import settings
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from servicegap.actions import service
from servicegap.actions.measure import measured, today, tree
from servicegap.actions.models import Action, ActionStatus, Origin
from servicegap.api.auth import scoped
from servicegap.api.errors import ApiError, Error, responses
from servicegap.api.pagination import Pages
from servicegap.api.writes import answers, doc, respond
from servicegap.core.audit import record

router = Router(tags=["actions"], auth=scoped("read"))
WRITE = scoped("admin")
FIELDS = (
    "code", "title", "description", "status", "standards", "touchpoints", "units", "owner",
    "start", "due", "public", "cost", "origin", "origin_detail", "idea", "cases", "before_from",
    "before_to", "after_from", "after_to",
)  # fmt: skip


class ActionOut(Schema):
    code: str
    title: str
    description: str
    status: str
    standards: list[str]
    touchpoints: list[str]
    units: list[str]
    owner: str | None = Field(description="The owner's e-mail.")
    start: str | None
    due: str | None
    completed: str | None = Field(description="Set when the status became done.")
    public: bool
    cost: str | None = Field(description="In the workspace currency, two decimals.")
    origin: str
    origin_detail: dict[str, Any]
    idea: int | None = Field(description="The id of the idea (feedback) it came from.")
    cases: list[int] = Field(description="The numbers of the cases it came from.")
    before_from: str | None
    before_to: str | None
    after_from: str | None
    after_to: str | None


class ActionDetail(ActionOut):
    effect: dict[str, Any] = Field(
        description="Its measured effect: a row of the actions report (before, after, change "
        "with its 95 % interval, difference-in-differences, verdict)."
    )


class ActionIn(Schema):
    code: str = Field(description="Letters, digits, '-' and '_'; at most 64; cannot change.")
    title: str
    description: str | None = None
    status: ActionStatus | None = None
    standards: list[str] | None = Field(None, description="Standard codes.")
    touchpoints: list[str] | None = Field(None, description="Touchpoint codes.")
    units: list[str] | None = Field(None, description="Unit codes (with their subtrees).")
    owner: str | None = Field(None, description="A member's e-mail.")
    start: str | None = Field(None, description="ISO date.")
    due: str | None = Field(None, description="ISO date, not before start.")
    public: bool | None = None
    cost: str | float | None = None
    origin: Origin | None = None
    origin_detail: dict[str, Any] | None = None
    idea: int | None = Field(None, description="The id of an idea (feedback of kind idea).")
    cases: list[int] | None = Field(None, description="Case numbers.")
    before_from: str | None = Field(None, description="ISO date; default 90 days before start.")
    before_to: str | None = Field(None, description="ISO date; default the day before start.")
    after_from: str | None = Field(None, description="ISO date; default 14 days after start.")
    after_to: str | None = Field(None, description="ISO date; default 90 days on, or today.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"code": "CALLBACK-LIST", "title": "A daily call-back list",
                 "standards": ["CALLBACK"], "start": "2026-03-01", "status": "in_progress"}
            ]
        }
    )  # fmt: skip


def _body(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ApiError(422, "the body is a JSON object of the action's fields", "body")
    unknown = [k for k in data if k not in FIELDS]
    if unknown:
        raise ApiError(422, f"unknown field {unknown[0]!r}; use {', '.join(FIELDS)}", unknown[0])
    return data


def _find(request, code: str) -> Action:
    action = Action.objects.of(request.workspace).filter(code=code).first()
    if action is None:
        raise ApiError(404, f"there is no action {code!r}", "code")
    return action


@router.get("/actions", response=responses(list[ActionOut], params=True))
@paginate(Pages)
def list_actions(request, status: ActionStatus | None = None):
    """The workspace's actions by code, a page at a time (``page``, ``page_size``)."""
    actions = Action.objects.of(request.workspace).select_related("owner").order_by("code")
    if status:
        actions = actions.filter(status=status)
    return [service.document(a) for a in actions]


@router.get("/actions/{code}", response=responses(ActionDetail))
def get_action(request, code: str):
    """One action with its measured effect."""
    action = _find(request, code)
    ws = request.workspace
    return {**service.document(action), "effect": measured(action, tree(ws), today(ws))}


@router.post("/actions", auth=WRITE, response=answers(ActionOut), openapi_extra=doc(ActionIn))
def create_action(request):
    """Make an action; 201 with it. 409 when the code is taken; 422 names the field at fault."""

    def write(data: Any, _prepared: None) -> tuple[int, dict[str, Any]]:
        ws = request.workspace
        action = service.save(ws, service.clean(ws, _body(data)))
        record(ws, request.api_key, "action.create", code=action.code, origin=action.origin)
        return 201, service.document(action)

    return respond(request, "actions", settings.MAX_BODY_BYTES, write)


@router.patch(
    "/actions/{code}",
    auth=WRITE,
    response={200: ActionOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error,
              413: Error, 422: Error},
    openapi_extra=doc(ActionIn),
)  # fmt: skip
def patch_action(request, code: str):
    """Change the fields given (the others stay); status done sets ``completed`` and sends
    the ``action.completed`` webhook."""
    action = _find(request, code)

    def write(data: Any, _prepared: None) -> tuple[int, dict[str, Any]]:
        ws = request.workspace
        service.save(ws, service.clean(ws, _body(data), action), action)
        record(ws, request.api_key, "action.update", code=action.code, fields=sorted(data))
        return 200, service.document(action)

    return respond(request, f"actions/{code}", settings.MAX_BODY_BYTES, write)
