"""The API of webhooks (admin scope): list, create, delete. The secret is in the answer to the
create only, once. (No ``from __future__ import annotations``: Ninja reads the annotations at
import time.)"""

from datetime import datetime
from typing import Any

from django.conf import settings
from ninja import Field, Router, Schema, Status

from servicegap.api.auth import scoped
from servicegap.api.body import read_json
from servicegap.api.errors import ApiError, Error, responses
from servicegap.api.writes import _inline
from servicegap.core.audit import record
from servicegap.notifications.events import EVENTS
from servicegap.notifications.models import Webhook
from servicegap.notifications.service import add_webhook, describe, find

router = Router(tags=["webhooks"], auth=scoped("admin"))


class LastDelivery(Schema):
    event: str
    state: str
    at: datetime


class WebhookOut(Schema):
    id: int
    url: str
    events: list[str]
    active: bool
    created_at: datetime
    created_by: str
    last_delivery: LastDelivery | None


class WebhookCreated(WebhookOut):
    secret: str = Field(description="whsec_…: verify the signatures with it; shown only here.")


class WebhookIn(Schema):
    url: str = Field(description="http(s) address of the receiver (public unless allowed).")
    events: list[str] = Field(description=f"Any of {', '.join(EVENTS)}.")


class WebhookList(Schema):
    rows: list[WebhookOut]


@router.get("/webhooks", response=responses(WebhookList))
def list_webhooks(request):
    """The workspace's webhooks, oldest first, with the state of each one's last delivery."""
    return {"rows": [describe(h) for h in Webhook.objects.of(request.workspace)]}


@router.post(
    "/webhooks",
    response={201: WebhookCreated, 400: Error, 401: Error, 403: Error, 413: Error, 422: Error},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline(WebhookIn.model_json_schema())}},
        }
    },
)
def create_webhook(request):
    """Add a webhook; 201 with its signing secret (shown once). 422 names the field at fault."""
    data: Any = read_json(request, settings.MAX_BODY_BYTES)
    if not isinstance(data, dict):
        raise ApiError(422, 'the body is {"url": ..., "events": [...]}', "body")
    events = data.get("events")
    if not isinstance(events, list):
        raise ApiError(422, "a list of event names", "events")
    hook = add_webhook(request.workspace, data.get("url"), events, created_by="api")
    record(
        request.workspace, request.api_key, "webhook.add",
        webhook_id=hook.pk, url=hook.url, events=hook.events,
    )  # fmt: skip
    return Status(201, {**describe(hook), "secret": hook.secret})


@router.delete(
    "/webhooks/{webhook_id}", response={204: None, 401: Error, 403: Error, 404: Error, 422: Error}
)
def delete_webhook(request, webhook_id: int):
    """Remove a webhook and its delivery log."""
    hook = find(request.workspace, webhook_id)
    if hook is None:
        raise ApiError(404, f"there is no webhook {webhook_id}", "webhook_id")
    hook.delete()
    record(request.workspace, request.api_key, "webhook.remove", webhook_id=webhook_id)
    return Status(204, None)
