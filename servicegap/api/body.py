"""Reading a JSON request body safely: the size limit first, then the type, encoding and syntax.

Every refusal is an ``ApiError`` in the one error shape (413 too large; 400 not JSON, not UTF-8,
the wrong Content-Type; 422 a NUL character in a string), never a 500 or an HTML page.
``read_body`` and ``parse_json`` are the two halves the keyless endpoints' gate
(``channels/gate.py``) reuses with its own wording: it catches ``TooLarge`` and ``NotJson``.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig

from servicegap.api.errors import ApiError
from servicegap.lib.text import NUL_MESSAGE, nul_path


class _NotJson(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not a JSON number")


def _number(text: str) -> float | int:
    """A JSON number; 6.0 and 6 are the same number (the idempotency hash compares values)."""
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


class TooLarge(ApiError):
    """413: the body is (or is declared) larger than the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes", "body")


class NotJson(ApiError):
    """400: the body is not UTF-8, or not JSON."""

    def __init__(self, message: str) -> None:
        super().__init__(400, message, "body")


def _refuse_declared(request, limit: int) -> None:
    length = (request.META.get("CONTENT_LENGTH") or "").strip()
    if length.isdigit() and int(length) > limit:
        raise TooLarge(limit)  # refused before a byte is read


def read_body(request, limit: int) -> bytes:
    """The raw body of ``request``; ``TooLarge`` before a byte is read when its declared length is
    over ``limit``, and when it turns out to be."""
    _refuse_declared(request, limit)
    try:
        raw = request.body
    except RequestDataTooBig:
        raise TooLarge(limit) from None
    if len(raw) > limit:
        raise TooLarge(limit)
    return raw


def parse_json(raw: bytes) -> tuple[Any, str]:
    """The JSON value of a UTF-8 body and its text; ``NotJson`` when it is not one. Numbers as
    ``_number`` reads them; NaN and Infinity are not JSON."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotJson(f"the body is not valid UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(text, parse_float=_number, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise NotJson(
            f"the body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except _NotJson as exc:
        raise NotJson(f"the body is not valid JSON: {exc}") from None
    except RecursionError:
        raise NotJson("the body is not valid JSON: nested too deeply") from None
    return data, text


def read_json(request, limit: int) -> Any:
    """The parsed JSON body of ``request``; ApiError (400/413) when it cannot be one."""
    _refuse_declared(request, limit)
    content_type = (request.content_type or "").lower()
    if content_type != "application/json" and not content_type.endswith("+json"):
        raise ApiError(
            400,
            f"send the body as JSON with Content-Type: application/json, not {content_type!r}",
            "Content-Type",
        )
    charset = (request.content_params or {}).get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ApiError(400, f"JSON is sent as UTF-8, not {charset}", "Content-Type")
    data, text = parse_json(read_body(request, limit))
    if "\\u0000" in text:  # JSON can carry NUL only escaped
        where = nul_path(data)
        if where is not None:
            raise ApiError(422, NUL_MESSAGE, where or "body")
    return data
