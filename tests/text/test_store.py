"""Enrichment in the background: the ingest hook queues, the worker labels and stores, and a
submission never waits for (or fails with) the engine."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from servicegap.cases.models import CaseEvent, EventKind
from servicegap.text import service, sources
from servicegap.text.models import Enrichment, Tag
from tests.text_support import comment, feedback, run_worker

KEYS = {"sentiment", "score", "kind", "dimension", "standards", "touchpoint", "mentions", "themes"}


def queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path__endswith="enrich_new"))


def test_feedback_is_queued_not_labelled_inline(workspace, place):
    fb = feedback(workspace, "complaint", "Waited two hours for the paperwork")
    assert not Enrichment.objects.of(workspace).exists()  # nothing labelled in the submission
    (task,) = queued()
    assert task.args_kwargs["args"] == [workspace.pk, "feedback", [fb.pk], True]


def test_a_response_without_a_comment_queues_nothing(workspace):
    from servicegap.surveys.contract import record_response
    from tests.text_support import ago

    data = {
        "perspective": "customer",
        "submitted_at": ago(),
        "answers": [{"kind": "nps", "value": 9}],
    }
    record_response(workspace, data, live=True)
    assert queued() == []


def test_the_worker_labels_feedback_and_comments(workspace, place, monkeypatch):
    fb = feedback(workspace, "compliment", "Anna Field was wonderful, thank you")
    r = comment(workspace, "The coffee was cold and the paperwork took two hours")
    run_worker(monkeypatch)
    by_feedback = Enrichment.objects.of(workspace).get(feedback=fb)
    answer = r.answers.get(kind="text")
    by_answer = Enrichment.objects.of(workspace).get(answer=answer)
    for x in (by_feedback, by_answer):
        assert x.sentiment in ("negative", "neutral", "positive")
        assert -1 <= x.score <= 1
        assert x.kind in ("compliment", "complaint", "suggestion", "question")
        assert x.dimension in ("people", "process", "product")
        assert x.backend in ("minilm", "lexicon")
    assert by_feedback.sentiment == "positive"
    assert "E-ANNA" in by_feedback.mentions
    assert (
        Tag.objects.of(workspace)
        .filter(enrichment=by_feedback, field="mention", value="E-ANNA")
        .exists()
    )
    assert all(t.status == "SUCCESSFUL" for t in queued())


def test_a_failing_engine_never_loses_the_submission(workspace, place, monkeypatch):
    """The engine breaks: the feedback and the response are stored all the same, the task fails,
    and the backlog job labels them once the engine works again."""

    def broken(self, texts, progress=None):
        raise RuntimeError("the engine is down")

    from servicegap.text import pipeline

    monkeypatch.setattr(pipeline.Enricher, "enrich", broken)
    service._ENRICHERS.clear()
    fb = feedback(workspace, "complaint", "Nobody called me back")
    r = comment(workspace, "Nobody called me back either")
    assert fb.pk and r.pk
    run_worker(monkeypatch)
    assert not Enrichment.objects.of(workspace).exists()
    assert {t.status for t in queued()} == {"FAILED"}
    monkeypatch.undo()
    service._ENRICHERS.clear()
    from servicegap.text.tasks import enrich_backlog

    enrich_backlog.call()
    assert Enrichment.objects.of(workspace).filter(feedback=fb).exists()
    assert Enrichment.objects.of(workspace).filter(answer__response=r).exists()


def test_backlog_labels_customers_case_messages(workspace, place):
    from servicegap.cases.service import Opening, open_cases
    from servicegap.text.tasks import enrich_backlog

    (case,) = open_cases(workspace, [Opening(trigger="manual", severity="normal", title="Call")])
    CaseEvent.objects.create(
        workspace=workspace, case=case, at=case.opened_at, kind=EventKind.CUSTOMER,
        actor_label="customer", text="Thank you, that solved it",
    )  # fmt: skip
    enrich_backlog.call()
    assert Enrichment.objects.of(workspace).filter(message__case=case).count() == 1
    assert sources.pending(workspace, 10) == []


def test_enrich_again_keeps_corrected_labels(workspace, place):
    fb = feedback(workspace, "suggestion", "Please open on Saturdays", live=False)
    items = sources.load(workspace, "feedback", [fb.pk])
    service.enrich(workspace, items)
    x = Enrichment.objects.of(workspace).get(feedback=fb)
    other = "question" if x.kind != "question" else "suggestion"
    service.correct(workspace, x, "kind", other, "Please open on Saturdays", None)
    service.enrich(workspace, items)
    x.refresh_from_db()
    assert x.kind == other and x.corrected == ["kind"]
    assert Enrichment.objects.of(workspace).count() == 1


@pytest.mark.parametrize("live", [True, False])
def test_imports_are_labelled_too(workspace, place, monkeypatch, live):
    feedback(workspace, "complaint", "The car was dirty", live=live)
    run_worker(monkeypatch)
    assert Enrichment.objects.of(workspace).count() == 1


def test_erasing_a_person_erases_the_labels_and_corrections_of_their_words(workspace, place):
    from servicegap.people.models import Person
    from servicegap.people.privacy import erase_person
    from servicegap.text.models import Correction

    jo = Person.objects.create(workspace=workspace, code="C-JO", kind="customer")
    mine = feedback(workspace, "complaint", "Rude at the desk", live=False, person="C-JO")
    theirs = feedback(workspace, "complaint", "Dirty car", live=False)
    service.enrich(workspace, sources.load(workspace, "feedback", [mine.pk, theirs.pk]))
    x = Enrichment.objects.of(workspace).get(feedback=mine)
    service.correct(workspace, x, "sentiment", "neutral", "Rude at the desk", None)
    erase_person(workspace, jo, "test")
    assert list(Enrichment.objects.of(workspace).values_list("feedback_id", flat=True)) == [
        theirs.pk
    ]
    assert not Correction.objects.of(workspace).exists()
