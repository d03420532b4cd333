"""Login rate limiting and lockout, counted in the database (docs/security.md).

Three counters guard the password (and the two-factor code) check:

- one account from one address (``SERVICEGAP_LOGIN_LIMIT``, default 5 per 15 minutes): a guesser
  at one account is stopped quickly, and only for their own address;
- one account from every address (``SERVICEGAP_LOGIN_ACCOUNT_LIMIT``, 20 per hour): a guesser
  spread over many addresses; this lock hits the real person too, so a password reset lifts it;
- one address over every account (``SERVICEGAP_LOGIN_ADDRESS_LIMIT``, 50 per hour): password
  spraying.

A counter that reaches its limit within its window locks its key for
``SERVICEGAP_LOGIN_LOCKOUT_SECONDS``; while any key of an attempt is locked, the password is not
even checked. The rows live in the database, not in process memory, so every gunicorn worker and
every web machine shares them (the same reason as the public channels' rate limits).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from servicegap import conf
from servicegap.accounts.models import LoginThrottle
from servicegap.lib.gate import Rate, client_ip, parse_rate

logger = logging.getLogger(__name__)

LIMITS = {
    "pair": "SERVICEGAP_LOGIN_LIMIT",
    "account": "SERVICEGAP_LOGIN_ACCOUNT_LIMIT",
    "address": "SERVICEGAP_LOGIN_ADDRESS_LIMIT",
}


@dataclass(frozen=True)
class Attempt:
    """Who is trying: the keys of the three counters of one login attempt."""

    account: str
    address: str

    @property
    def keys(self) -> dict[str, str]:
        return {
            "pair": f"pair:{self.account}:{self.address}",
            "account": f"account:{self.account}",
            "address": f"address:{self.address}",
        }


def rate(kind: str) -> Rate:
    name = LIMITS[kind]
    try:
        return parse_rate(conf.env_str(name))
    except ValueError as exc:
        raise conf.ConfigError(f"{name}: {exc}.") from None


def lockout_seconds() -> int:
    seconds = conf.env_int("SERVICEGAP_LOGIN_LOCKOUT_SECONDS")
    if seconds < 1:
        raise conf.ConfigError("SERVICEGAP_LOGIN_LOCKOUT_SECONDS must be at least 1.")
    return seconds


def account_key(email: str) -> str:
    """A keyed hash of the e-mail typed: no address in clear, no dictionary reversal."""
    normal = (email or "").strip().casefold()
    return salted_hmac("servicegap.login-throttle", normal).hexdigest()[:32]


def address_of(request) -> str:
    """The client address, behind SERVICEGAP_TRUSTED_PROXIES like the channels' rate limits."""
    return client_ip(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        conf.env_int("SERVICEGAP_TRUSTED_PROXIES"),
    )


def attempt_of(request, email: str) -> Attempt:
    return Attempt(account_key(email), address_of(request) or "unknown")


def locked_for(attempt: Attempt, now: datetime | None = None) -> int:
    """Seconds until this attempt may be made again; 0 when it may be made now."""
    now = now or timezone.now()
    until = LoginThrottle.objects.filter(
        key__in=list(attempt.keys.values()), locked_until__gt=now
    ).aggregate(until=Max("locked_until"))["until"]
    if until is None:
        return 0
    return max(1, int((until - now).total_seconds() + 0.999))


def record_failure(attempt: Attempt, now: datetime | None = None) -> int:
    """Count one failed attempt on each counter; returns the seconds of a lock it caused (or 0)."""
    now = now or timezone.now()
    locked = 0
    with transaction.atomic():
        for kind, key in attempt.keys.items():
            limit = rate(kind)
            row, created = LoginThrottle.objects.select_for_update().get_or_create(
                key=key, defaults={"window_start": now}
            )
            if row.window_start <= now - timedelta(seconds=limit.seconds):
                row.failures, row.window_start = 0, now
            row.failures += 1
            if row.failures >= limit.count:
                row.locked_until = now + timedelta(seconds=lockout_seconds())
                locked = max(locked, lockout_seconds())
                logger.warning("login locked: %s after %d failures", key, row.failures)
            row.save()
            if created:
                _prune(now)
    return locked


def record_success(attempt: Attempt) -> None:
    """A right password (and code) from this address clears this account's count there."""
    LoginThrottle.objects.filter(key=attempt.keys["pair"]).delete()


def unlock_account(email: str) -> None:
    """Lift every lock of one account (after a password reset proved the mailbox)."""
    account = account_key(email)
    LoginThrottle.objects.filter(
        Q(key=f"account:{account}") | Q(key__startswith=f"pair:{account}:")
    ).delete()


def _prune(now: datetime) -> None:
    """Drop counters whose window and lock have both ended."""
    longest = max(rate(kind).seconds for kind in LIMITS)
    LoginThrottle.objects.filter(window_start__lt=now - timedelta(seconds=longest)).filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    ).delete()


def wait_text(seconds: int) -> str:
    """'14 minutes' / '1 minute' / '40 seconds'."""
    if seconds >= 90:
        minutes = (seconds + 59) // 60
        return f"{minutes} minutes"
    if seconds >= 60:
        return "1 minute"
    return f"{seconds} seconds"
