"""The one error shape of the API, for the OpenAPI document of every endpoint."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class Error(Schema):
    error: str = Field(description="What went wrong, in one sentence.")
    field: str = Field(description="The parameter or header at fault; empty when none.")


# 401: no valid key (the gate middleware); 403: the key lacks the scope; 404: no such object in
# the key's workspace; 422: a parameter is not valid.
ERRORS: dict[int, Any] = {401: Error, 403: Error, 404: Error}


def responses(ok: Any, *, params: bool = False) -> dict[int, Any]:
    """``{200: ok, 401/403/404: Error}``, with 422 too when the endpoint takes parameters."""
    return {200: ok, **ERRORS, **({422: Error} if params else {})}
