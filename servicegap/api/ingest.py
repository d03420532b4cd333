"""API ingest: responses one at a time or in batches of up to 1,000, and feedback.

Bodies are read by ``body.read_json`` (size limit before parsing) and checked by the response and
feedback contracts, the same rules as every other way in. The 201 is sent after the transaction
has committed, so every report includes the response from then on. (No ``from __future__ import
annotations``: Ninja reads the annotations at import time.)
"""

from typing import Any, Literal

from django.conf import settings
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from servicegap.api.auth import grants, scoped
from servicegap.api.body import read_json
from servicegap.api.errors import ApiError, Error, FieldError, error_body
from servicegap.api.idempotency import HEADER, Result, run_once
from servicegap.feedback.contract import KINDS as FEEDBACK_KINDS
from servicegap.feedback.contract import record_feedback
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


class ResponseIn(Schema):
    submitted_at: str = Field(description="ISO 8601; with an offset, or local time with time_zone.")  # fmt: skip
    time_zone: str | None = Field(None, description="IANA zone the respondent answered in.")
    perspective: Literal[PERSPECTIVES]  # type: ignore[valid-type]
    respondent: str | None = Field(None, description="Person code; unknown codes create a person.")  # fmt: skip
    unit: str | None = Field(None, description="Unit code; default: the touchpoint's unit.")
    supplier: str | None = Field(None, description="Supplier unit code (internal perspective).")
    touchpoint: str | None = None
    survey: str | None = None
    answers: list[AnswerIn] = Field(min_length=1, max_length=1000)

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_RESPONSE]})


class BatchIn(Schema):
    responses: list[ResponseIn] = Field(min_length=1, max_length=MAX_BATCH)

    model_config = ConfigDict(json_schema_extra={"examples": [{"responses": [EXAMPLE_RESPONSE]}]})


class FeedbackIn(Schema):
    kind: Literal[FEEDBACK_KINDS]  # type: ignore[valid-type]
    text: str = Field(description="What happened, 1 to 10,000 characters (kept as plain text).")
    touchpoint: str | None = None
    unit: str | None = None
    employee: str | None = Field(None, description="Code of the employee it names.")
    contact: str | None = Field(None, description="How to reply; stored only with consent.")
    consent: bool = False
    submitted_at: str | None = Field(None, description="ISO 8601 with offset; default: now.")

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"kind": "compliment", "text": "Called back in an hour."}]}
    )


class Created(Schema):
    id: int


class CreatedMany(Schema):
    ids: list[int] = Field(description="The new responses' ids, in the order sent.")


class ItemError(Schema):
    index: int = Field(description="Position of the response in `responses`, from 0.")
    field: str = Field(description="Path in that response, e.g. `answers[0].value`.")
    error: str


class BatchError(Error):
    errors: list[ItemError] = Field([], description="Every bad response, when the body was read.")


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


def _doc(body: type[Schema]) -> dict[str, Any]:
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


def _answers(ok: Any, error: Any = Error) -> dict[int, Any]:
    # 400 not JSON; 401 no key; 403 no ingest scope, or a protected response without the scope
    # ingest-protected; 409 key in flight; 413 too large; 422 invalid
    return {201: ok, 400: Error, 401: Error, 403: error, 409: Error, 413: Error, 422: error}


def _respond(request, endpoint: str, limit: int, write, prepare=None) -> Status:
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


@router.post("/responses", response=_answers(Created), openapi_extra=_doc(ResponseIn))
def post_response(request):
    """Store one response (the response contract); 201 `{"id"}` once it has committed."""

    def prepare(data: Any) -> Prepared:
        _guard_protected(request, [data])
        return prepare_response(Lookups(request.workspace), data)

    def write(data: Any, prepared: Prepared) -> Result:
        stored = store_responses(request.workspace, [prepared])
        if stored[0].perspective in PROTECTED_PERSPECTIVES:
            _note(request, stored)
        return 201, {"id": stored[0].pk}

    return _respond(request, "responses", settings.MAX_BODY_BYTES, write, prepare)


@router.post(
    "/responses:batch", response=_answers(CreatedMany, BatchError), openapi_extra=_doc(BatchIn)
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
        stored = store_responses(request.workspace, prepared)
        if some_protected:
            _note(request, stored)
        return 201, {"ids": [r.pk for r in stored]}

    return _respond(request, "responses:batch", settings.MAX_BATCH_BYTES, write)


@router.post("/feedback", response=_answers(Created), openapi_extra=_doc(FeedbackIn))
def post_feedback(request):
    """Store a compliment, complaint, suggestion or idea; 201 `{"id"}` once it has committed."""

    def write(data: Any, _prepared: None) -> Result:
        return 201, {"id": record_feedback(request.workspace, data, channel="api").pk}

    return _respond(request, "feedback", settings.MAX_BODY_BYTES, write)
