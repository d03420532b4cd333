"""Adding, listing and removing webhooks: the one place the CLI, the API and the pages share.

Every refusal is a ``FieldError`` naming the field (``url`` or ``events``), raised before
anything is written.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings

from servicegap.lib.errors import FieldError
from servicegap.notifications import addresses
from servicegap.notifications.events import EVENTS
from servicegap.notifications.models import Delivery, Webhook

SECRET_BYTES = 32  # the spec asks for 24 to 64 random bytes


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def clean_events(raw: str | Iterable[str]) -> list[str]:
    """The events asked for, in EVENTS order; a comma-separated string or a list."""
    names = raw.split(",") if isinstance(raw, str) else list(raw)
    if any(not isinstance(n, str) for n in names):
        raise FieldError("events", "each event is a string")
    wanted = {n.strip() for n in names if n.strip()}
    unknown = sorted(wanted - set(EVENTS))
    if unknown:
        raise FieldError(
            "events", f"unknown event {', '.join(unknown)}; choose from {', '.join(EVENTS)}"
        )
    if not wanted:
        raise FieldError("events", f"choose at least one event of {', '.join(EVENTS)}")
    return [e for e in EVENTS if e in wanted]


def clean_url(url: Any) -> str:
    if not isinstance(url, str) or not url.strip():
        raise FieldError("url", "give the http(s) address of the receiver")
    url = url.strip()
    if len(url) > Webhook._meta.get_field("url").max_length:  # type: ignore[operator]
        raise FieldError("url", "is longer than 500 characters")
    try:
        addresses.checked_address(addresses.parse(url), settings.WEBHOOK_ALLOW_PRIVATE)
    except addresses.TargetError as exc:
        raise FieldError("url", str(exc).removeprefix("url: ")) from None
    return url


def add_webhook(workspace: Any, url: Any, events: Any, created_by: str) -> Webhook:
    """A new active webhook with a fresh secret (shown to its creator once)."""
    clean = clean_url(url)
    chosen = clean_events(events)
    return Webhook.objects.create(
        workspace=workspace, url=clean, events=chosen, secret=new_secret(), created_by=created_by
    )


def find(workspace: Any, pk: Any) -> Webhook | None:
    try:
        number = int(pk)
    except (TypeError, ValueError):
        return None
    return Webhook.objects.of(workspace).filter(pk=number).first()


def describe(hook: Webhook) -> dict[str, Any]:
    """A webhook as the CLI and the API show it (never its secret)."""
    last = Delivery.objects.filter(webhook=hook).order_by("-created_at", "-pk").first()
    return {
        "id": hook.pk,
        "url": hook.url,
        "events": hook.events,
        "active": hook.active,
        "created_at": hook.created_at,
        "created_by": hook.created_by,
        "last_delivery": (
            None
            if last is None
            else {"event": last.event, "state": last.state, "at": last.created_at}
        ),
    }
