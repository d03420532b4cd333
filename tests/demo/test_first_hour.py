"""What a newcomer tries in the first hour has data in the demo: touchpoints owned by units,
CSAT, CES and Kano answers, e-mail addresses on reserved test domains, past imports and kiosk
taps, and every report kind answers with rows."""

from __future__ import annotations

import datetime as dt
import re

import pytest

END = dt.date(2026, 3, 1)
RESERVED = re.compile(r"^[a-z.]+[a-z0-9.]*@(northway-motors\.test|example\.(com|net|org))$")


@pytest.fixture
def built(db):
    from servicegap.demo.generator import build_demo

    return build_demo(seed=7, answers=3000, end=END)


def test_the_demo_has_what_the_first_hour_needs(built):
    from servicegap.channels.models import Kiosk, KioskTap
    from servicegap.demo import story
    from servicegap.imports.models import ImportJob
    from servicegap.journeys.models import Touchpoint
    from servicegap.people.models import Person
    from servicegap.surveys.models import Answer

    ws = built.workspace
    # Every journey step is owned by the department that runs it (at the flagship branch).
    runs = {tp[0]: tp[3] for j in story.JOURNEYS for tp in j[3]}
    steps = Touchpoint.objects.of(ws).select_related("unit")
    assert steps and all(t.unit and t.unit.code == f"NORTH-{runs[t.code]}" for t in steps)

    # Addresses on reserved names only; every employee and leader has one, most customers do.
    people = Person.objects.of(ws)
    emails = [e for e in people.values_list("email", flat=True) if e]
    assert emails and all(RESERVED.match(e) for e in emails), [
        e for e in emails if not RESERVED.match(e)
    ][:3]
    assert not people.exclude(kind="customer").filter(email="").exists()
    customers = people.filter(kind="customer")
    assert customers.exclude(email="").count() > 0.85 * customers.count()

    # CSAT (1-5), CES (1-7) and Kano pairs, stored through the contract.
    answers = Answer.objects.of(ws)
    csat = list(answers.filter(kind="csat").values_list("value_num", flat=True))
    ces = list(answers.filter(kind="ces").values_list("value_num", flat=True))
    assert len(csat) >= 40 and set(csat) <= {1, 2, 3, 4, 5} and len(set(csat)) >= 3
    assert len(ces) >= 40 and set(ces) <= set(range(1, 8)) and len(set(ces)) >= 3
    functional = answers.filter(kind="kano_functional").count()
    assert functional >= 40 * 7 and functional == answers.filter(kind="kano_dysfunctional").count()

    # Past imports: a failed one with its line, the corrected one, cards with a reject.
    jobs = {(j.filename.split("-")[0], j.state): j for j in ImportJob.objects.of(ws)}
    failed = jobs["new", ImportJob.State.FAILED]
    assert "unknown unit HARROGATE-SALES" in failed.errors and failed.created == 0
    assert jobs["new", ImportJob.State.DONE].created == 24
    cards = jobs["york", ImportJob.State.DONE]
    assert cards.rejected == 1 and cards.created == 13 and cards.has_rejects
    assert all(j.created_at.date() < END for j in jobs.values())

    # Kiosks with taps over their last weeks, each tap a moment of its touchpoint.
    assert Kiosk.objects.of(ws).count() == 3
    taps = KioskTap.objects.of(ws).select_related("response", "kiosk")
    assert taps.count() >= 3 * 20
    for tap in taps[:50]:
        assert tap.response.external_id == f"kiosk:{tap.kiosk.code}:{tap.client_id}"
        assert tap.response.answers.get().kind == "moment"
        assert END - dt.timedelta(days=61) <= tap.received_at.date() < END


def test_every_report_kind_has_rows_in_the_demo(built):
    from servicegap.gaps.kinds import run
    from servicegap.reports import registry

    empty = []
    for kind in registry.kinds():
        result = run(built.workspace, kind.name, {p.name: None for p in kind.parameters})
        rows = result.get("rows")
        filled = bool(rows) if rows is not None else bool(result.get("n"))
        if not filled:
            empty.append(kind.name)
    assert registry.names() and empty == []
