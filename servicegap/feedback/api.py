"""API ingest of feedback: a compliment, complaint, suggestion or idea, through the feedback
contract (``api/writes.py`` has what every write shares). (No ``from __future__ import
annotations``: Ninja reads the annotations at import time.)
"""

from typing import Any, Literal

from django.conf import settings
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from servicegap.api.auth import scoped
from servicegap.api.idempotency import Result
from servicegap.api.writes import Created, answers, doc, respond
from servicegap.feedback.contract import KINDS as FEEDBACK_KINDS
from servicegap.feedback.contract import record_feedback

router = Router(tags=["ingest"], auth=scoped("ingest"))


class FeedbackIn(Schema):
    kind: Literal[FEEDBACK_KINDS]  # type: ignore[valid-type]
    text: str = Field(description="What happened, 1 to 10,000 characters (kept as plain text).")
    touchpoint: str | None = None
    unit: str | None = None
    employee: str | None = Field(None, description="Code of the employee it names.")
    standard: str | None = Field(None, description="Code of the standard it is about.")
    contact: str | None = Field(None, description="How to reply; stored only with consent.")
    consent: bool = False
    submitted_at: str | None = Field(None, description="ISO 8601 with offset; default: now.")
    flavour: str | None = Field(
        None, description="An idea's flavour: delight, hassle or rule (docs/ideas.md)."
    )

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"kind": "compliment", "text": "Called back in an hour."}]}
    )


@router.post("/feedback", response=answers(Created), openapi_extra=doc(FeedbackIn))
def post_feedback(request):
    """Store a compliment, complaint, suggestion or idea; 201 `{"id"}` once it has committed."""

    def write(data: Any, _prepared: None) -> Result:
        return 201, {"id": record_feedback(request.workspace, data, channel="api", live=True).pk}

    return respond(request, "feedback", settings.MAX_BODY_BYTES, write)
