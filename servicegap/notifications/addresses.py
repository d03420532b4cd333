"""Where a webhook may point: pure rules, no Django.

A target is an http(s) URL whose host resolves only to public addresses: private, loopback,
link-local, multicast, reserved and unspecified addresses are refused (a webhook must not become
a way to reach the server's own network), unless the operator allows them
(SERVICEGAP_WEBHOOK_ALLOW_PRIVATE=true, for a receiver on the same machine or network).
The check runs when the webhook is added and again on each delivery, on the address the
connection is then made to, so a name that later resolves elsewhere (DNS rebinding) is caught.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit


class TargetError(ValueError):
    """The URL may not be a webhook target; the message says why."""


@dataclass(frozen=True)
class Target:
    scheme: str  # "http" or "https"
    host: str  # as written (the Host header and the TLS server name)
    port: int
    path: str  # path and query, "/" at least


def parse(url: str) -> Target:
    """The parts of an http(s) URL; ``TargetError`` for anything else."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise TargetError(f"url: not a valid URL ({exc})") from exc
    if parts.scheme not in ("http", "https"):
        raise TargetError("url: must start with http:// or https://")
    if not parts.hostname:
        raise TargetError("url: has no host name")
    if parts.username is not None or parts.password is not None:
        raise TargetError("url: must not carry a user name or password")
    if parts.fragment:
        raise TargetError("url: must not have a #fragment")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    default = 443 if parts.scheme == "https" else 80
    return Target(parts.scheme, parts.hostname, port or default, path)


def refused_reason(address: str) -> str | None:
    """Why an IP address is not a public one, or None when it is."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, reason in (
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_unspecified, "the unspecified address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_private, "a private address"),
        (not ip.is_global, "not a public address"),
    ):
        if test:
            return reason
    return None


def resolve(target: Target) -> list[str]:
    """Every address the host name resolves to now (an IP literal is its own address)."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise TargetError(f"url: cannot resolve {target.host} ({exc})") from exc
    found: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0]).split("%")[0]  # an IPv6 zone id is not part of the address
        if address not in found:
            found.append(address)
    if not found:
        raise TargetError(f"url: {target.host} resolves to no address")
    return found


def checked_address(target: Target, allow_private: bool) -> str:
    """The address to connect to: the first one the host resolves to, provided that none of
    them is refused (one refused address refuses the name: a resolver may answer either)."""
    addresses = resolve(target)
    if not allow_private:
        for address in addresses:
            reason = refused_reason(address)
            if reason:
                raise TargetError(
                    f"url: {target.host} is {reason} ({address}); webhooks go to public "
                    "addresses only unless SERVICEGAP_WEBHOOK_ALLOW_PRIVATE=true"
                    if address != target.host
                    else f"url: {address} is {reason}; webhooks go to public addresses only "
                    "unless SERVICEGAP_WEBHOOK_ALLOW_PRIVATE=true"
                )
    return addresses[0]
