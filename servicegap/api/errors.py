"""The one error shape of the API: ``ApiError`` and the schema of the OpenAPI document.

Every refusal is a ``FieldError`` (``lib/errors.py``); ``api/app.py`` answers any that reaches
Ninja with ``FieldError.body()`` and its status, and code outside Ninja (the key gate, the
keyless endpoints' gate, the error pages) builds the same body with ``error_body``.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from servicegap.lib.errors import FieldError, error_body

__all__ = ["ERRORS", "ApiError", "Error", "FieldError", "error_body", "responses"]


class ApiError(FieldError):
    """A refusal in the API's one error shape: ``{"error", "field"}`` (plus ``extra`` keys)."""

    def __init__(self, status: int, message: str, field: str = "", **extra: Any) -> None:
        super().__init__(field, message, status)
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {**super().body(), **self.extra}

    def result(self) -> tuple[int, dict[str, Any]]:
        return self.status, self.body()


class Error(Schema):
    error: str = Field(description="What went wrong, in one sentence.")
    field: str = Field(description="The parameter or header at fault; empty when none.")


# 401: no valid key (the gate middleware); 403: the key lacks the scope; 404: no such object in
# the key's workspace; 422: a parameter is not valid.
ERRORS: dict[int, Any] = {401: Error, 403: Error, 404: Error}


def responses(ok: Any, *, params: bool = False) -> dict[int, Any]:
    """``{200: ok, 401/403/404: Error}``, with 422 too when the endpoint takes parameters."""
    return {200: ok, **ERRORS, **({422: Error} if params else {})}
