"""One signed POST to a webhook target: pure, no Django.

Signed with the ``standardwebhooks`` package (headers ``webhook-id``, ``webhook-timestamp``,
``webhook-signature``). The connection goes to the address that was just checked
(``addresses.checked_address``), never to a second DNS lookup of the name; HTTPS still verifies
the certificate against the host name. Redirects are not followed: only a 2xx answer counts as
delivered, and a 3xx is a failure like any other.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from dataclasses import dataclass
from datetime import datetime

from standardwebhooks import Webhook

from servicegap.notifications.addresses import Target

TIMEOUT_S = 10.0
USER_AGENT = "ServiceGap-Webhooks/1"
ERROR_MAX = 500


def signed_headers(secret: str, msg_id: str, when: datetime, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, when, body),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


@dataclass(frozen=True)
class Outcome:
    status: int | None  # the HTTP status, None when no answer came
    error: str  # empty when delivered

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to a fixed address; Host still names the URL's host."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to a fixed address; SNI and certificate check use the host name."""

    def __init__(
        self, host: str, port: int, address: str, timeout: float, context: ssl.SSLContext
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address
        self._ctx = context

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._ctx.wrap_socket(raw, server_hostname=self.host)


def post(
    target: Target,
    address: str,
    body: bytes,
    headers: dict[str, str],
    timeout: float = TIMEOUT_S,
    context: ssl.SSLContext | None = None,
) -> Outcome:
    """POST ``body`` to ``target`` through ``address``; never raises for a network failure."""
    conn: http.client.HTTPConnection
    if target.scheme == "https":
        ctx = context or ssl.create_default_context()
        conn = _PinnedHTTPS(target.host, target.port, address, timeout, ctx)
    else:
        conn = _PinnedHTTP(target.host, target.port, address, timeout)
    try:
        conn.request("POST", target.path, body=body, headers=headers)
        answer = conn.getresponse()
        answer.read(4096)  # a receiver's answer is not read whole: only its status matters
        status = answer.status
    except (OSError, http.client.HTTPException) as exc:
        return Outcome(None, _short(f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()
    if 200 <= status < 300:
        return Outcome(status, "")
    if 300 <= status < 400:
        where = answer.getheader("location") or "no location"
        return Outcome(status, _short(f"redirect to {where} not followed"))
    return Outcome(status, _short(f"HTTP {status} {answer.reason}".strip()))


def _short(text: str) -> str:
    return text if len(text) <= ERROR_MAX else text[: ERROR_MAX - 1] + "…"
