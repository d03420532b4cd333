"""GET /api/v1/comments: the explorer's filters and labels, redacted texts, employees only in
groups past the threshold, a clear 422 naming the field."""

from __future__ import annotations

from servicegap.text import service, sources
from tests.text_support import comment, feedback

URL = "/api/v1/comments"


def get(client, key, **params):
    return client.get(URL, params, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_shape_labels_and_redaction(client, api_key, workspace, place):
    fb = feedback(workspace, "compliment", "Anna Field was lovely, mail me at jo@example.com")
    comment(workspace, "Waited far too long")  # not labelled yet
    service.enrich(workspace, sources.load(workspace, "feedback", [fb.pk]))
    reply = get(client, api_key)
    assert reply.status_code == 200
    body = reply.json()
    assert set(body) == {"rows", "next_cursor", "groups", "threshold"}
    assert body["threshold"] == 10 and body["next_cursor"] is None
    first, second = body["rows"]
    assert second["source"] == "feedback" and second["id"] == fb.pk
    assert "jo@example.com" not in reply.content.decode()
    assert set(second["labels"]) == {
        "sentiment", "score", "kind", "dimension", "standards", "touchpoint", "mentions",
        "themes", "corrected", "backend",
    }  # fmt: skip
    assert second["labels"]["mentions"] == ["E-ANNA"]
    assert "Anna" in second["highlights"]
    assert first["source"] == "answer" and first["labels"] is None


def test_filters(client, api_key, workspace, place):
    a = feedback(workspace, "complaint", "Nobody greeted me", unit="SALES")
    b = feedback(workspace, "suggestion", "Open on Sundays", unit="SERVICE")
    service.enrich(workspace, sources.load(workspace, "feedback", [a.pk, b.pk]))
    from servicegap.text.models import Enrichment

    Enrichment.objects.of(workspace).filter(feedback=a).update(sentiment="negative")
    Enrichment.objects.of(workspace).filter(feedback=b).update(sentiment="neutral")
    ids = [r["id"] for r in get(client, api_key, sentiment="negative").json()["rows"]]
    assert ids == [a.pk]
    ids = [r["id"] for r in get(client, api_key, unit="SERVICE").json()["rows"]]
    assert ids == [b.pk]


def test_bad_input_names_the_field(client, api_key, workspace):
    for params, field in (
        ({"sentiment": "angry"}, "sentiment"), ({"kind": "rant"}, "kind"),
        ({"unit": "NOPE"}, "unit"), ({"standard": "NOPE"}, "standard"),
        ({"cursor": "x"}, "cursor"), ({"from": "2026-02-01", "to": "2026-01-01"}, "to"),
    ):  # fmt: skip
        reply = get(client, api_key, **params)
        assert reply.status_code == 422, params  # the project's status for refused input
        assert reply.json()["field"] == field
        assert "Traceback" not in reply.content.decode()


def test_needs_a_read_key(client, workspace):
    from servicegap.accounts.models import ApiKey

    assert client.get(URL).status_code == 401
    _, ingest_only = ApiKey.issue(workspace, ["ingest"])
    assert get(client, ingest_only).status_code in (401, 403)


def test_employee_words_only_in_groups_of_ten(client, api_key, workspace, place):
    from servicegap.people.models import Person, Unit

    sales = Unit.objects.of(workspace).get(code="SALES")
    for i in range(10):
        Person.objects.create(workspace=workspace, code=f"W{i}", kind="employee", unit=sales)
        if i < 9:
            comment(
                workspace, f"Shift {i}", perspective="employee", unit="SALES", respondent=f"W{i}"
            )
    body = get(client, api_key).json()
    assert body["rows"] == [] and body["groups"] == []
    comment(workspace, "Shift 9", perspective="employee", unit="SALES", respondent="W9")
    (group,) = get(client, api_key).json()["groups"]
    assert group["writers"] == 10 and len(group["texts"]) == 10
    assert get(client, api_key, sentiment="negative").json()["groups"] == []
