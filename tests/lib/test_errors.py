"""The one error family: ``FieldError`` and its one handler per way out (API, CLI, pages)."""

from __future__ import annotations

import pytest
from django import forms

from servicegap.api.errors import ApiError
from servicegap.channels.gate import Refused
from servicegap.core.forms import show_error
from servicegap.gaps.filters import ReportError
from servicegap.lib.errors import FieldError, error_body
from servicegap.lib.scales import AnswerError
from servicegap.surveys.builder import BuildError
from servicegap.surveys.contract import ResponseError


@pytest.mark.parametrize("cls", [AnswerError, ResponseError, BuildError, ReportError])
def test_every_input_refusal_is_a_field_error_answered_with_422(cls):
    exc = cls("unit", "no unit with code 'X'")
    assert isinstance(exc, FieldError) and isinstance(exc, ValueError)
    assert (exc.field, exc.message, exc.status) == ("unit", "no unit with code 'X'", 422)
    assert exc.body() == {"error": "no unit with code 'X'", "field": "unit"}


def test_the_messages_read_as_before():
    assert str(AnswerError("value", "too big")) == "too big"
    assert str(ReportError("by", "no")) == "no"
    assert str(ResponseError("answers[0].value", "too big")) == "answers[0].value: too big"
    assert str(BuildError("code", "taken")) == "code: taken"


def test_a_field_error_carries_its_status_its_body_and_its_sentence():
    exc = FieldError("Origin", "may not post here", status=403)
    assert exc.status == 403 and exc.body() == error_body("Origin", "may not post here")
    assert exc.sentence() == "--Origin: may not post here"
    assert FieldError("", "the body is a JSON object").sentence() == "the body is a JSON object"


def test_api_and_gate_refusals_are_field_errors_with_their_extra_keys():
    exc = ApiError(422, "2 of 3 break the contract", "responses", errors=[{"index": 0}])
    assert isinstance(exc, FieldError) and exc.status == 422
    assert exc.result() == (
        422,
        {"error": "2 of 3 break the contract", "field": "responses", "errors": [{"index": 0}]},
    )
    refused = Refused(429, "", "too many posts", retry_after=7)
    assert isinstance(refused, FieldError) and (refused.status, refused.retry_after) == (429, 7)


class _Form(forms.Form):
    code = forms.CharField()


def test_show_error_puts_the_message_next_to_its_field_or_above_the_form():
    form = _Form({"code": "A"})
    form.is_valid()
    show_error(form, BuildError("code", "taken"))
    show_error(form, BuildError("survey", "add a question first"))
    assert form.errors["code"] == ["taken"]
    assert form.non_field_errors() == ["add a question first"]


@pytest.mark.django_db
@pytest.mark.parametrize("body", ['{"kind": "idea", "text": NaN}', "[" * 20_000 + "]" * 20_000])
def test_the_public_gate_reads_bodies_as_the_api_does_a_bad_one_is_422(
    client, workspace, monkeypatch, body
):
    # NaN is not JSON; nesting too deep for the parser was a 500 before the gate read as the API
    monkeypatch.setenv("SERVICEGAP_PUBLIC_MAX_BYTES", "100000")
    r = client.post("/api/v1/public/acme/feedback", body, content_type="application/json")
    assert r.status_code == 422
    assert r.json() == {"error": "the body is not JSON in UTF-8", "field": ""}
