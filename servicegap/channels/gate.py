"""The gate of the keyless endpoints under /api/v1/public/<workspace>/: CORS allow-list, rate
limit, body size, JSON, honeypot, and the one error shape on every refusal.

Order of checks: unknown workspace (404), an Origin not on the allow-list (403, no CORS headers),
too many requests from the address (429 + Retry-After), body too large (413), not a JSON object
(422); then the handler, whose ``ResponseError`` becomes 422 naming the field. Every refusal is a
``FieldError`` (``Refused`` carries its own status); the body is read by ``api/body.py``
(the size limit before a byte is parsed), in this gate's own words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpResponse, JsonResponse

from servicegap import conf
from servicegap.api.body import NotJson, TooLarge, parse_json, read_body
from servicegap.channels.models import ChannelSettings
from servicegap.channels.ratelimit import address_of, hit
from servicegap.core.models import Workspace
from servicegap.lib.errors import FieldError, error_body
from servicegap.lib.gate import normalize_origin
from servicegap.lib.text import NUL_MESSAGE, nul_path

HONEYPOT = "website"  # hidden from people; bots that fill every field fill it
PREFLIGHT_MAX_AGE = "600"


class Refused(FieldError):
    """A refusal of the gate, with its status (and the seconds to wait, for a 429)."""

    def __init__(self, status: int, field: str, message: str, retry_after: int = 0) -> None:
        super().__init__(field, message, status)
        self.retry_after = retry_after


def channel_settings(workspace: Workspace) -> ChannelSettings:
    """The workspace's channel settings; an unsaved default when it has none yet."""
    found = ChannelSettings.objects.of(workspace).first()
    return found or ChannelSettings(workspace=workspace)


def own_origins(request) -> set[str]:
    origins = {f"{request.scheme}://{request.get_host()}"}
    if settings.BASE_URL:
        origins.add(settings.BASE_URL)
    return {_normal(o) for o in origins} - {""}


def _normal(origin: str) -> str:
    try:
        return normalize_origin(origin)
    except ValueError:
        return ""


def origin_allowed(request, cs: ChannelSettings) -> tuple[str, bool]:
    """(the Origin header, whether it may post). No Origin (not a browser): allowed."""
    origin = request.headers.get("Origin", "")
    if not origin:
        return "", True
    normal = _normal(origin)
    return origin, bool(normal) and (normal in cs.allowed_origins or normal in own_origins(request))


def cors_headers(origin: str) -> dict[str, str]:
    return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"} if origin else {}


def error(status: int, field: str, message: str, headers: dict[str, str]) -> JsonResponse:
    response = JsonResponse(error_body(field, message), status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def is_bot(data: dict[str, Any]) -> bool:
    return bool(str(data.get(HONEYPOT) or "").strip())


def read_json(request) -> dict[str, Any]:
    limit = conf.env_int("SERVICEGAP_PUBLIC_MAX_BYTES")
    try:
        data, _ = parse_json(read_body(request, limit))
    except TooLarge:
        raise Refused(413, "", f"the body is larger than {limit} bytes") from None
    except NotJson:
        raise Refused(422, "", "the body is not JSON in UTF-8") from None
    if not isinstance(data, dict):
        raise Refused(422, "", "the body is a JSON object")
    where = nul_path(data)
    if where is not None:
        raise Refused(422, where, NUL_MESSAGE)
    return data


Handler = Callable[[Any, Workspace, ChannelSettings, dict[str, Any]], tuple[int, dict[str, Any]]]


def answer(request, slug: str, scope: str, handler: Handler) -> HttpResponse:
    """Run one keyless POST through the gate; ``handler`` returns (status, body)."""
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        return error(404, "", "no such workspace", {"Vary": "Origin"})
    cs = channel_settings(workspace)
    origin, allowed = origin_allowed(request, cs)
    if not allowed:
        return error(403, "Origin", f"{origin} may not post here", {"Vary": "Origin"})
    headers = cors_headers(origin)
    try:
        retry_after = hit(workspace, scope, address_of(request))
        if retry_after:
            raise Refused(429, "", f"too many posts; try again in {retry_after} s", retry_after)
        status, body = handler(request, workspace, cs, read_json(request))
    except FieldError as refused:  # Refused, or the contracts' ResponseError (422)
        if isinstance(refused, Refused) and refused.retry_after:
            headers = {**headers, "Retry-After": str(refused.retry_after)}
        return error(refused.status, refused.field, refused.message, headers)
    response = JsonResponse(body, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def preflight(request, slug: str) -> HttpResponse:
    """CORS preflight: allowed origins get the headers; others get none (the browser refuses)."""
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        return error(404, "", "no such workspace", {"Vary": "Origin"})
    origin, allowed = origin_allowed(request, channel_settings(workspace))
    response = HttpResponse(status=204)
    response["Vary"] = "Origin"
    if allowed and origin:
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type"
        response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response
