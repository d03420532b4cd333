"""Corrections: a manager sets a label by hand (HTMX or a plain form), it is kept as a training
example, the worker refits and the page shows the backend and held-out accuracy."""

from __future__ import annotations

from servicegap.core.models import AuditEntry
from servicegap.text import service, sources
from servicegap.text.models import Correction, Enrichment, Fit
from tests.text_support import feedback, run_worker


def labelled(ws, text="The paperwork took two hours, call 07700 900123", **extra):
    fb = feedback(ws, "complaint", text, **extra)
    service.enrich(ws, sources.load(ws, "feedback", [fb.pk]))
    return Enrichment.objects.of(ws).get(feedback=fb)


def url(x):
    return f"/w/acme/text/labels/{x.pk}/"


def other(value, values):
    return next(v for v in values if v != value)


def test_a_correction_is_stored_redacted_and_refits(workspace, place, login, monkeypatch):
    x = labelled(workspace)
    wanted = other(x.dimension, ("people", "process", "product"))
    client = login("owner")
    reply = client.post(
        url(x), {"sentiment": x.sentiment, "kind": x.kind, "dimension": wanted},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert reply.status_code == 200
    assert f'id="labels-{x.pk}"' in reply.content.decode() and "Saved" in reply.content.decode()
    x.refresh_from_db()
    assert x.dimension == wanted and x.corrected == ["dimension"]
    (c,) = Correction.objects.of(workspace)
    assert (c.field, c.label) == ("dimension", wanted) and "07700" not in c.text
    assert AuditEntry.objects.filter(action="text.correct").count() == 1
    run_worker(monkeypatch)  # the refit task
    fit = Fit.objects.of(workspace).get()
    assert fit.corrections == 1 and fit.backend in ("minilm", "lexicon")
    page = client.get("/w/acme/text/").content.decode()
    assert "1 correction" in page and "Comment labels" in page


def test_a_plain_form_returns_to_the_inbox(workspace, place, login):
    x = labelled(workspace)
    wanted = other(x.sentiment, ("negative", "neutral", "positive"))
    reply = login("owner").post(
        url(x),
        {"sentiment": wanted, "kind": x.kind, "dimension": x.dimension, "back": "kind=complaint"},
    )
    assert reply.status_code == 302
    assert reply["Location"] == f"/w/acme/feedback/?kind=complaint#labels-{x.pk}"


def test_an_unknown_label_is_refused_and_nothing_written(workspace, place, login):
    x = labelled(workspace)
    reply = login("owner").post(url(x), {"sentiment": "furious"})
    assert reply.status_code == 400 and b"sentiment" in reply.content
    assert not Correction.objects.of(workspace).exists()


def test_managers_correct_only_their_units_and_employees_not_at_all(workspace, place, login):
    from tests.conftest import PERSONAS

    manager_units = set(PERSONAS["manager"].units)
    inside = labelled(workspace, "Rude at the desk", unit=sorted(manager_units)[0])
    outside_unit = next(c for c in ("SALES", "SERVICE", "HQ") if c not in manager_units)
    outside = labelled(workspace, "Rude on the phone", unit=outside_unit)
    client = login("manager")
    assert client.post(url(outside), {"kind": "question"}).status_code == 404
    assert client.post(url(inside), {"kind": "question"}).status_code == 302
    assert login("employee").post(url(inside), {"kind": "suggestion"}).status_code == 404
    assert login("owner").get(url(inside)).status_code == 405
