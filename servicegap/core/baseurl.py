"""The address links are built on: SERVICEGAP_BASE_URL when set, else where `serve` listens.

A newcomer who runs ``servicegap demo --port 8101`` shares survey links, QR codes and widget
snippets at once; they must point where the server really is, not at the 8000 default. When
the server listens on every interface (``--host 0.0.0.0``) no single address is right, so
pages use the Host the request came in on (Django has already checked it against
SERVICEGAP_ALLOWED_HOSTS); e-mails sent by the background worker, which has no request, use the
first allowed host name.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

ENV = "SERVICEGAP_BASE_URL"
WILDCARD_HOSTS = ("0.0.0.0", "::", "")  # noqa: S104 - names, not a bind

# The origin of the request this thread is answering; gunicorn's threads each have their own.
_request_origin: ContextVar[str] = ContextVar("servicegap_request_origin", default="")


def base_url() -> str:
    """The absolute origin (no trailing slash) to put in front of a path in a link."""
    if getattr(settings, "BASE_URL_FROM_REQUEST", False):
        origin = _request_origin.get()
        if origin:
            return origin
    return settings.BASE_URL


def serve_base_url(host: str, port: int, allowed_hosts: list[str]) -> tuple[str, bool]:
    """(base URL, follow the request's Host) for a server bound to ``host``:``port``."""
    if host.strip() in WILDCARD_HOSTS:
        named = [h.lstrip(".") for h in allowed_hosts if h.strip() and "*" not in h]
        fallback = named[0] if named else "127.0.0.1"
        return _origin(fallback, port), True
    return _origin(host, port), False


def _origin(host: str, port: int) -> str:
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{name}:{port}"


def configure_for_serve(host: str, port: int) -> None:
    """Unless SERVICEGAP_BASE_URL is set, make links follow ``--host``/``--port``.

    Also exported to the environment, so the worker child started by `serve` (which sends
    invitations and digests) builds the same links."""
    if os.environ.get(ENV, "").strip():
        return
    url, from_request = serve_base_url(host, port, list(settings.ALLOWED_HOSTS))
    settings.BASE_URL = url
    settings.BASE_URL_FROM_REQUEST = from_request
    os.environ[ENV] = url


class RequestOriginMiddleware:
    """Remembers the request's origin for ``base_url()`` while the request is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not getattr(settings, "BASE_URL_FROM_REQUEST", False):
            return self.get_response(request)
        token = _request_origin.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
