"""The one error family: a refusal that names the field at fault. Pure: no Django import.

Every check that refuses input raises a ``FieldError`` (or a subclass named for its place:
``AnswerError``, ``ResponseError``, ``BuildError``, ``ReportError``, the API's ``ApiError``),
and each way out shows it in one place:

* the API (``api/app.py``): ``{"error": message, "field": field}`` with ``status``;
* the CLI (``cli/base.py``): the sentence ``--field: message``, exit status 1;
* the pages (``core/forms.py: show_error``): the message next to the form's field of that name.
"""

from __future__ import annotations

from typing import Any


def error_body(field: str, message: str) -> dict[str, Any]:
    """The API's one error shape: ``{"error": message, "field": field}`` (field "" for none)."""
    return {"error": message, "field": field}


class FieldError(ValueError):
    """Input refused; ``field`` names the part at fault ("" for none), ``status`` the HTTP status
    an API answers with (422 for input problems)."""

    status = 422

    def __init__(self, field: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        if status is not None:
            self.status = status

    def body(self) -> dict[str, Any]:
        """The API's error document for this refusal."""
        return error_body(self.field, self.message)

    def sentence(self) -> str:
        """One sentence for a command line: ``--field: message`` (the message alone without a
        field)."""
        return f"--{self.field}: {self.message}" if self.field else self.message
