"""What every write endpoint of the API shares (responses, feedback): the body read with its size
limit (``body.read_json``), run once per ``Idempotency-Key`` (``idempotency.run_once``), the
document of its body and header, and its answers. The 201 is sent after the transaction has
committed. (No ``from __future__ import annotations``: Ninja reads the annotations at import time.)
"""

from collections.abc import Callable
from typing import Any

from ninja import Schema, Status

from servicegap.api.body import read_json
from servicegap.api.errors import Error, FieldError
from servicegap.api.idempotency import HEADER, run_once


class Created(Schema):
    id: int


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic JSON schema with its ``$defs`` inlined (OpenAPI components are Ninja's)."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {k: walk(v) for k, v in node.items()}
        return [walk(v) for v in node] if isinstance(node, list) else node

    return walk(schema)


def doc(body: type[Schema]) -> dict[str, Any]:
    """``openapi_extra`` of a write: its body (read by ``read_json``, not by Ninja) and the
    ``Idempotency-Key`` header."""
    return {
        "parameters": [
            {
                "in": "header",
                "name": HEADER,
                "required": False,
                "schema": {"type": "string", "maxLength": 255},
                "description": "Retry-safe writes: the same key (per workspace, kept 48 h) with "
                "the same body replays the first answer and stores nothing; with another body 422; "
                "while the first is still running 409.",
            }
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline(body.model_json_schema())}},
        },
    }


def answers(ok: Any, error: Any = Error) -> dict[int, Any]:
    # 400 not JSON; 401 no key; 403 no ingest scope, or a protected response without the scope
    # ingest-protected; 409 key in flight; 413 too large; 422 invalid
    return {201: ok, 400: Error, 401: Error, 403: error, 409: Error, 413: Error, 422: error}


def respond(
    request, endpoint: str, limit: int, write: Callable, prepare: Callable | None = None
) -> Status:
    """Read the body, then ``write(data, prepared)`` at most once per Idempotency-Key
    (``prepare(data)`` first, outside the write transaction, when given); a refusal is answered
    in the one error shape."""
    try:
        data = read_json(request, limit)
        status, body = run_once(
            request,
            endpoint,
            data,
            lambda prepared: write(data, prepared),
            (lambda: prepare(data)) if prepare else None,
        )
    except FieldError as exc:  # an ApiError, or the contract's ResponseError (422)
        status, body = exc.status, exc.body()
    return Status(status, body)
