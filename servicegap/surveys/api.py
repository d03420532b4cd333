"""API ingest of responses: one at a time or in batches of up to 1,000.

Bodies are read by ``body.read_json`` (size limit before parsing) and checked by the response
contract, the same rules as every other way in (``api/writes.py`` has what every write shares).
The 201 is sent after the transaction has committed, so every report includes the response from
then on. (No ``from __future__ import annotations``: Ninja reads the annotations at import time.)
"""

from typing import Any, Literal

from django.conf import settings
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from servicegap.api.auth import grants, scoped
from servicegap.api.errors import ApiError, Error, error_body
from servicegap.api.idempotency import Result
from servicegap.api.writes import Created, answers, doc, respond
from servicegap.lib.scales import KINDS, PERSPECTIVES, PROTECTED_PERSPECTIVES
from servicegap.surveys import protected
from servicegap.surveys.contract import (
    Lookups,
    Prepared,
    ResponseError,
    prepare_response,
    store_responses,
)

router = Router(tags=["ingest"], auth=scoped("ingest"))

MAX_BATCH = 1000
# Valid in any workspace (no codes): shown in the docs and sent by the schema tests.
EXAMPLE_RESPONSE: dict[str, Any] = {
    "submitted_at": "2026-03-01T10:00:00+01:00",
    "time_zone": "Europe/Amsterdam",
    "perspective": "customer",
    "answers": [{"kind": "overall", "value": 4}, {"kind": "nps", "value": 9}],
}


class AnswerIn(Schema):
    item: str | None = Field(None, description="Standard or question code; empty for overall, nps, csat, ces, moment.")  # fmt: skip
    kind: Literal[KINDS] = Field(description="The answer kind (docs/formats.md lists them).")  # type: ignore[valid-type]
    value: float | str = Field(description="A number on the kind's scale, or a text/choice.")
    competitor: str | None = Field(None, description="competitor_experience only: the competitor's code.")  # fmt: skip


class ResponseIn(Schema):
    submitted_at: str = Field(description="ISO 8601; with an offset, or local time with time_zone.")  # fmt: skip
    time_zone: str | None = Field(None, description="IANA zone the respondent answered in.")
    perspective: Literal[PERSPECTIVES]  # type: ignore[valid-type]
    respondent: str | None = Field(None, description="Person code; unknown codes create a person.")  # fmt: skip
    unit: str | None = Field(None, description="Unit code; default: the touchpoint's unit.")
    supplier: str | None = Field(None, description="Supplier unit code (internal perspective).")
    touchpoint: str | None = None
    survey: str | None = None
    employee: str | None = Field(None, description="Customer responses: code of the employee who served.")  # fmt: skip
    answers: list[AnswerIn] = Field(min_length=1, max_length=1000)

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_RESPONSE]})


class BatchIn(Schema):
    responses: list[ResponseIn] = Field(min_length=1, max_length=MAX_BATCH)

    model_config = ConfigDict(json_schema_extra={"examples": [{"responses": [EXAMPLE_RESPONSE]}]})


class CreatedMany(Schema):
    ids: list[int] = Field(description="The new responses' ids, in the order sent.")


class ItemError(Schema):
    index: int = Field(description="Position of the response in `responses`, from 0.")
    field: str = Field(description="Path in that response, e.g. `answers[0].value`.")
    error: str


class BatchError(Error):
    errors: list[ItemError] = Field([], description="Every bad response, when the body was read.")


def _may_send_protected(request) -> bool:
    """Only a key of scope ``ingest-protected`` (never implied by ``admin``) may send employee,
    leader or internal responses: see ``surveys/protected.py``."""
    return grants(request.api_key.scopes, protected.SCOPE)


def _guard_protected(request, items: list[Any]) -> bool:
    """403 (nothing stored) when a response is protected and the key may not send it; True when
    some response is protected and it may."""
    found = [
        (index, item["perspective"])
        for index, item in enumerate(items)
        if isinstance(item, dict) and item.get("perspective") in PROTECTED_PERSPECTIVES
    ]
    if found and not _may_send_protected(request):
        index, perspective = found[0]
        errors = [
            {"index": i, **error_body("perspective", protected.api_refusal(p))} for i, p in found
        ]
        raise ApiError(403, protected.api_refusal(perspective), "perspective", errors=errors)
    return bool(found)


def _note(request, responses: list[Any]) -> None:
    protected.note_imported(request.workspace, responses, "api", request.api_key)


@router.post("/responses", response=answers(Created), openapi_extra=doc(ResponseIn))
def post_response(request):
    """Store one response (the response contract); 201 `{"id"}` once it has committed."""

    def prepare(data: Any) -> Prepared:
        _guard_protected(request, [data])
        return prepare_response(Lookups(request.workspace), data)

    def write(data: Any, prepared: Prepared) -> Result:
        stored = store_responses(request.workspace, [prepared], live=True)
        if stored[0].perspective in PROTECTED_PERSPECTIVES:
            _note(request, stored)
        return 201, {"id": stored[0].pk}

    return respond(request, "responses", settings.MAX_BODY_BYTES, write, prepare)


@router.post(
    "/responses:batch", response=answers(CreatedMany, BatchError), openapi_extra=doc(BatchIn)
)
def post_responses_batch(request):
    """Store up to 1,000 responses, all or none. The body is `{"responses": [...]}`; a 422 lists
    every bad one as `errors: [{index, field, error}]` and stores nothing."""

    def write(data: Any, _prepared: None) -> Result:
        items = data.get("responses") if isinstance(data, dict) else None
        if not isinstance(items, list) or not items:
            raise ApiError(422, 'the body is {"responses": [...]} with at least one', "responses")
        if len(items) > MAX_BATCH:
            raise ApiError(422, f"at most {MAX_BATCH} responses per batch", "responses")
        some_protected = _guard_protected(request, items)
        lookups = Lookups(request.workspace)
        prepared, errors = [], []
        for index, item in enumerate(items):
            try:
                prepared.append(prepare_response(lookups, item))
            except ResponseError as exc:
                errors.append({"index": index, **exc.body()})
        if errors:
            message = f"{len(errors)} of {len(items)} responses break the contract; none was stored"
            raise ApiError(422, message, "responses", errors=errors)
        stored = store_responses(request.workspace, prepared, live=True)
        if some_protected:
            _note(request, stored)
        return 201, {"ids": [r.pk for r in stored]}

    return respond(request, "responses:batch", settings.MAX_BATCH_BYTES, write)
