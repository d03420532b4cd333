"""Per-workspace, per-address fixed-window rate limits, counted in the database: ``public`` for
the posts of respondent pages (Tell us, survey and invitation links) and the widget, ``kiosk`` for
kiosk taps.

A table (not process memory) so that every gunicorn worker and every web machine shares one count;
the row of a window is created once and then incremented with ``UPDATE ... SET count = count + 1``,
which both SQLite and PostgreSQL apply atomically. Rows of ended windows are pruned when a new
window of the same workspace starts.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F

from servicegap import conf
from servicegap.channels.models import RateCounter
from servicegap.core.models import Workspace
from servicegap.lib.gate import Rate, client_ip, parse_rate, window

RATE_SETTINGS = {"public": "SERVICEGAP_PUBLIC_RATE_LIMIT", "kiosk": "SERVICEGAP_KIOSK_RATE_LIMIT"}


def rate_of(scope: str) -> Rate:
    name = RATE_SETTINGS[scope]
    try:
        return parse_rate(conf.env_str(name))
    except ValueError as exc:
        raise conf.ConfigError(f"{name}: {exc}.") from None


def address_of(request) -> str:
    """The client address: REMOTE_ADDR, or X-Forwarded-For behind SERVICEGAP_TRUSTED_PROXIES."""
    return client_ip(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        conf.env_int("SERVICEGAP_TRUSTED_PROXIES"),
    )


def hit(workspace: Workspace, scope: str, address: str, now_s: float | None = None) -> int:
    """Count one request; return 0 when it is allowed, else the seconds until it may retry."""
    rate = rate_of(scope)
    now_s = time.time() if now_s is None else now_s
    start, retry_after = window(now_s, rate.seconds)
    key = f"{scope}:{address}"[:120]
    rows = RateCounter.objects.of(workspace).filter(key=key, window=start)
    if not rows.update(count=F("count") + 1):
        expires = datetime.fromtimestamp(start + rate.seconds, tz=UTC)
        try:
            with transaction.atomic():
                RateCounter.objects.create(
                    workspace=workspace, key=key, window=start, count=1, expires_at=expires
                )
        except IntegrityError:  # another worker created it first
            rows.update(count=F("count") + 1)
        else:
            RateCounter.objects.of(workspace).filter(
                expires_at__lt=datetime.fromtimestamp(now_s, tz=UTC) - timedelta(minutes=1)
            ).delete()
    count = rows.values_list("count", flat=True).first() or 0
    return retry_after if count > rate.count else 0


def public_post(request, workspace: Workspace) -> int:
    """Count the POST of a respondent page (Tell us, a survey link, an invitation link) against
    the public limit, as the widget's posts are; 0 when it may go on, else the seconds until the
    address may post again (answer 429 with Retry-After and store nothing). Reading a page (any
    other method) is not counted."""
    if request.method != "POST":
        return 0
    return hit(workspace, "public", address_of(request))
