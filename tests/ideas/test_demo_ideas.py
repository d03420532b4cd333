"""The demo's ideas board: ideas for several steps of both journeys, in every flavour and
status, with votes, status moves in the audit log, and a past brainstorm whose ideas are on the
board. Needs ``ideas.create`` called from ``demo/extras.create``; until the line is there, the
fixture adds the call itself."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest

END = dt.date(2026, 3, 1)


@pytest.fixture
def demo(db, monkeypatch):
    from servicegap.demo import extras, ideas
    from servicegap.demo.generator import build_demo

    if "ideas.create" not in inspect.getsource(extras.create):
        original = extras.create

        def wired(rng, w, ws, refs):
            original(rng, w, ws, refs)
            ideas.create(rng, w, ws, refs)

        monkeypatch.setattr(extras, "create", wired)
    return build_demo(seed=7, answers=3000, end=END).workspace


def test_the_demo_has_a_board_with_votes_statuses_and_a_past_brainstorm(demo, client):
    from servicegap.accounts.models import Membership
    from servicegap.core.models import AuditEntry
    from servicegap.feedback.models import Feedback
    from servicegap.ideas.models import Brainstorm, Vote

    ideas = Feedback.objects.of(demo).filter(kind="idea", touchpoint__isnull=False)
    assert ideas.values("touchpoint").distinct().count() >= 8
    assert set(ideas.values_list("flavour", flat=True)) == {"delight", "hassle", "rule"}
    assert set(ideas.values_list("idea_status", flat=True)) == {"new", "planned", "done"}
    assert Vote.objects.of(demo).count() >= 10
    assert AuditEntry.objects.filter(workspace=demo, action="idea.status").count() >= 5
    session = Brainstorm.objects.of(demo).get()
    assert session.ended_at is not None and session.ideas.count() >= 5

    owner = Membership.objects.of(demo).get(role="owner").user
    client.force_login(owner)
    page = client.get(f"/w/{demo.slug}/ideas/?flavour=rule").content.decode()
    assert "Parts can only be ordered in the afternoon batch" in page
    page = client.get(f"/w/{demo.slug}/b/{session.code}/").content.decode()
    assert "This brainstorm has ended" in page
