"""Pure rules of the keyless public endpoints: rate windows, web origins, the client's address.

No Django here: the channels app applies these rules to requests and database rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Rate:
    """At most ``count`` requests per fixed window of ``seconds``."""

    count: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds}"


def parse_rate(text: str) -> Rate:
    """``"20/600"`` → 20 requests per 600 s. Raises ValueError with a readable reason."""
    count_text, sep, seconds_text = text.strip().partition("/")
    try:
        count, seconds = int(count_text), int(seconds_text)
    except ValueError:
        raise ValueError(f"{text!r} is not COUNT/SECONDS, e.g. 20/600") from None
    if not sep or count < 1 or seconds < 1:
        raise ValueError(f"{text!r} is not COUNT/SECONDS with both at least 1")
    return Rate(count, seconds)


def window(now_s: float, seconds: int) -> tuple[int, int]:
    """The fixed window containing ``now_s``: (its start in epoch seconds, seconds until it ends)."""
    start = int(now_s) - int(now_s) % seconds
    return start, max(1, start + seconds - int(now_s))


DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_origin(text: str) -> str:
    """A web origin as browsers send it (``scheme://host[:port]``), or ValueError.

    Lower-cases the host and drops a default port, so ``HTTPS://Shop.Example:443/`` and
    ``https://shop.example`` are the same origin. Paths, queries and wildcards are refused.
    """
    raw = text.strip()
    parts = urlsplit(raw)
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.netloc:
        raise ValueError(f"{raw!r} is not an origin like https://shop.example")
    if parts.path not in ("", "/") or parts.query or parts.fragment or "@" in parts.netloc:
        raise ValueError(f"{raw!r}: an origin has no path, query or user name")
    host = (parts.hostname or "").lower()
    if not host or "*" in host:
        raise ValueError(f"{raw!r}: give one exact host name, no wildcards")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"{raw!r} has an invalid port") from None
    scheme = parts.scheme.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}:{port}"
    return f"{scheme}://{host}"


def client_ip(remote_addr: str, forwarded_for: str, trusted_proxies: int) -> str:
    """The address to rate-limit: REMOTE_ADDR, unless ``trusted_proxies`` proxies stand in front.

    Each proxy appends the address it received from to X-Forwarded-For, so with N trusted proxies
    the client is the N-th entry from the right; entries further left can be forged by the client.
    """
    if trusted_proxies <= 0:
        return remote_addr
    entries = [e.strip() for e in forwarded_for.split(",") if e.strip()]
    if not entries:
        return remote_addr
    return entries[-min(trusted_proxies, len(entries))]
