"""The report aggregates: what ingest adds equals a rebuild, and reports read from the cells give
the same documents as a full recompute from the answers (property tests)."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicegap.aggregates import cells
from servicegap.aggregates.models import Cell
from servicegap.core.models import Workspace
from servicegap.gaps.filters import parse
from servicegap.gaps.kinds import fast, run
from servicegap.journeys.models import Journey, Touchpoint
from servicegap.people.models import Unit
from servicegap.reports import registry
from servicegap.standards.models import Standard
from servicegap.surveys.contract import record_response
from tests.report_support import unnamed


def _fast(kind: str):
    declared = registry.get(kind)
    assert declared is not None and declared.build_fast is not None
    return declared.build_fast


def _scan(kind: str):
    declared = registry.get(kind)
    assert declared is not None
    return declared.build


SLUGS = itertools.count()
START = datetime(2026, 1, 28, 20, tzinfo=UTC)  # evenings: the Berlin date differs from UTC's


def make_workspace() -> Workspace:
    ws = Workspace.objects.create(
        slug=f"cells{next(SLUGS)}", name="Cells", scale_max=7, time_zone="Europe/Berlin"
    )
    hq = Unit.objects.create(workspace=ws, code="HQ", name="HQ")
    for code in ("SALES", "SERVICE"):
        Unit.objects.create(workspace=ws, code=code, name=code, parent=hq)
    buying = Journey.objects.create(workspace=ws, code="BUY", name="Buying")
    for step, code in enumerate(("WELCOME", "HANDOVER"), start=1):
        Touchpoint.objects.create(workspace=ws, journey=buying, code=code, name=code, step=step)
    for code, target in (("GREET", 6.0), ("CALLBACK", 5.0), ("CLEAN", None)):
        Standard(
            workspace=ws, code=code, title=code, dimension="people", target=target
        ).save_version()
    return ws


rating = st.integers(1, 7)
item_answers = st.fixed_dictionaries(
    {},
    optional={
        "expectation": rating,
        "experience": rating,
        "adequate": rating,
        "desired": rating,
    },
)
response = st.fixed_dictionaries(
    {
        "day": st.integers(0, 75),
        "unit": st.sampled_from([None, "HQ", "SALES", "SERVICE"]),
        "touchpoint": st.sampled_from([None, "WELCOME", "HANDOVER"]),
        "items": st.dictionaries(st.sampled_from(["GREET", "CALLBACK", "CLEAN"]), item_answers),
        "respondent": st.sampled_from([None, "C1", "C2", "C3"]),
        "perspective": st.just("customer"),
    },
    optional={
        "nps": st.integers(0, 10),
        "csat": st.integers(1, 5),
        "ces": st.integers(1, 7),
        "moment": st.sampled_from(["magic", "mediocrity", "misery"]),
    },
)


def store(ws: Workspace, r: dict) -> None:
    answers = [
        {"item": item, "kind": kind, "value": value}
        for item, kinds in r["items"].items()
        for kind, value in kinds.items()
    ]
    answers += [{"kind": k, "value": r[k]} for k in ("nps", "csat", "ces", "moment") if k in r]
    if not answers:
        return
    record_response(
        ws,
        {
            "submitted_at": (START + timedelta(days=r["day"])).isoformat(),
            "perspective": r.get("perspective", "customer"),
            "respondent": r["respondent"],
            "unit": r["unit"],
            "touchpoint": r["touchpoint"],
            "answers": answers,
        },
    )


def close(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
    return a == b


FILTERS = [
    ("gaps", {}),
    ("gaps", {"by": "touchpoint"}),
    ("gaps", {"by": "journey", "unit": "HQ"}),
    ("gaps", {"by": "unit"}),
    ("gaps", {"by": "period", "period": "month"}),
    ("gaps", {"from": "2026-02-01", "to": "2026-02-28"}),
    ("gaps", {"by": "unit", "from": "2026-02-10", "to": "2026-03-20"}),
    ("gaps", {"touchpoint": "WELCOME", "from": "2026-01-29", "to": "2026-02-02"}),
    ("nps", {}),
    ("nps", {"by": "period", "period": "quarter"}),
    ("csat", {"by": "touchpoint", "unit": "SALES"}),
    ("ces", {"from": "2026-02-03", "to": "2026-04-30"}),
    ("moments", {}),
    ("moments", {"by": "unit", "from": "2026-02-01", "to": "2026-03-31"}),
]


def stored_cells(ws) -> dict:
    """Key → summed figures over the write slots (one row per key on SQLite)."""
    fields = ("grain", "day", "perspective", "unit", "touchpoint", "item", "measure")
    out: dict[tuple, list] = {}
    for row in Cell.objects.of(ws).values_list(*fields, "n", "s1", "s2", "c1", "c2", "c3", "anon"):
        sums = out.setdefault(tuple(row[:7]), [0] * 7)
        for i, value in enumerate(row[7:]):
            sums[i] += value
    return {key: tuple(sums) for key, sums in out.items()}


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(response, min_size=1, max_size=25))
def test_cells_give_the_same_reports_as_a_full_recompute(responses):
    ws = make_workspace()
    for r in responses:
        store(ws, r)
    for kind, params in FILTERS:
        f = parse(kind, params)
        assert fast.applicable(ws, f)
        quick = _fast(kind)(ws, f)
        assert close(quick, _scan(kind)(ws, f)), (kind, params)
        if kind == "gaps":  # both gaps, each with its n (the target one from its own cells)
            assert all({"gap_vs_target", "target_n"} <= r.keys() for r in quick["rows"])
    incremental = stored_cells(ws)
    cells.rebuild(ws)
    rebuilt = stored_cells(ws)
    assert incremental.keys() == rebuilt.keys()
    for key, sums in incremental.items():
        assert close(list(sums), list(rebuilt[key])), key


PROTECTED_FILTERS = [
    ("gaps", {"perspective": "employee"}),
    ("gaps", {"perspective": "employee", "by": "unit"}),
    ("gaps", {"perspective": "employee", "by": "unit", "unit": "HQ"}),
    ("gaps", {"perspective": "employee", "unit": "SALES"}),
    ("gaps", {"perspective": "employee", "by": "period", "unit": "SERVICE"}),
    ("gaps", {"perspective": "leader", "from": "2026-01-01", "to": "2026-03-31"}),
    ("gaps", {"perspective": "employee", "from": "2026-02-01", "to": "2026-02-28"}),
    ("gaps", {"perspective": "employee", "by": "unit", "from": "2026-03-01", "to": "2026-03-31"}),
    ("gaps", {"perspective": "employee", "by": "period", "period": "quarter"}),
    ("gaps", {"by": "perspective"}),
    ("gaps", {"by": "perspective", "from": "2026-02-01", "to": "2026-02-28"}),
    ("nps", {"perspective": "employee"}),
    ("nps", {"perspective": "employee", "unit": "SALES"}),
    ("csat", {"perspective": "employee", "by": "unit"}),
    ("ces", {"by": "perspective", "period": "quarter"}),
    ("moments", {"perspective": "employee", "by": "period"}),
    ("moments", {"by": "perspective", "unit": "SERVICE"}),
]
protected_response = response.map(lambda r: r).flatmap(
    lambda r: st.tuples(
        st.sampled_from(["customer", "employee", "employee", "leader"]),
        st.sampled_from([None, "E1", "E2", "E3", "E4"]),
    ).map(lambda pr: {**r, "perspective": pr[0], "respondent": pr[1]})
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(protected_response, min_size=1, max_size=30))
def test_protected_reports_hide_the_same_rows_from_cells_as_from_the_answers(responses):
    ws = make_workspace()
    ws.anonymity_threshold = 3
    ws.save()
    for r in responses:
        store(ws, r)
    for kind, params in PROTECTED_FILTERS:
        f = parse(kind, params)
        assert f.protected and fast.applicable(ws, f)
        assert close(_fast(kind)(ws, f), _scan(kind)(ws, f)), (kind, params)
    incremental = stored_presence(ws)
    cells.rebuild(ws)
    assert stored_presence(ws) == incremental


def stored_presence(ws) -> dict:
    from servicegap.aggregates.models import Presence

    fields = ("perspective", "family", "month", "unit", "item", "respondent")
    out: dict[tuple, int] = {}
    for row in Presence.objects.of(ws).values_list(*fields, "responses"):
        out[row[:6]] = out.get(row[:6], 0) + row[6]
    return out


@pytest.mark.django_db
def test_write_slots_are_summed_by_readers_and_folded_into_one_row(monkeypatch):
    # PostgreSQL writers spread over slots; force that on any database and check both paths.
    slots = itertools.cycle(range(cells.SLOTS))
    monkeypatch.setattr(cells, "_slot", lambda: next(slots))
    ws = make_workspace()
    ws.anonymity_threshold = 3
    ws.save()
    for day, person in ((3, "E1"), (3, "E2"), (4, "E1"), (3, None), (3, "E3")):
        for perspective in ("customer", "employee"):
            store(ws, {"day": day, "unit": "SALES", "touchpoint": "WELCOME", "respondent": person,
                       "perspective": perspective, "nps": 9, "moment": "magic",
                       "items": {"GREET": {"expectation": 6, "experience": day}}})  # fmt: skip
    assert Cell.objects.of(ws).values("slot").distinct().count() > 1
    spread, present = stored_cells(ws), stored_presence(ws)
    reports = FILTERS + PROTECTED_FILTERS
    before = []
    for kind, params in reports:
        f = parse(kind, params)
        before.append(_fast(kind)(ws, f))
        assert close(before[-1], _scan(kind)(ws, f)), (kind, params)
    assert cells.fold(ws) > 0
    assert set(Cell.objects.of(ws).values_list("slot", flat=True)) == {0}
    assert stored_cells(ws) == spread and stored_presence(ws) == present
    after = [_fast(kind)(ws, parse(kind, params)) for kind, params in reports]
    assert close(after, before)


@pytest.mark.django_db
def test_a_report_reads_its_writes_and_a_stale_workspace_scans():
    ws = make_workspace()
    store(ws, {"day": 3, "unit": "SALES", "touchpoint": None, "respondent": None,
               "items": {"GREET": {"expectation": 6, "experience": 4}}})  # fmt: skip
    assert run(ws, "gaps", {})["rows"][0]["gap"] == -2
    ws.time_zone = "UTC"
    ws.save()  # cells were dated in Berlin time: stale until rebuilt
    assert not cells.usable(ws)
    assert run(ws, "gaps", {})["rows"][0]["gap"] == -2  # answered by the scan
    cells.rebuild(ws)
    assert cells.usable(ws)


@pytest.mark.django_db
def test_the_gap_uses_the_target_of_the_standard_version_rated():
    ws = make_workspace()
    store(ws, {"day": 3, "unit": None, "touchpoint": None, "respondent": None,
               "items": {"GREET": {"experience": 4}}})  # fmt: skip
    greet = Standard.objects.get(workspace=ws, code="GREET")
    greet.target = 7.0
    greet.save_version()
    store(ws, {"day": 4, "unit": None, "touchpoint": None, "respondent": None,
               "items": {"GREET": {"experience": 4}}})  # fmt: skip
    row = run(ws, "gaps", {})["rows"][0]
    assert row["target_n"] == 2 and row["gap_vs_target"] == pytest.approx((-2 + -3) / 2)
    # No expectation was asked: no gap of their own, yet the row is there.
    assert row["n"] == 0 and row["gap"] is None and row["expectation_mean"] is None
    named = run(ws, "gaps", {})
    assert close(_scan("gaps")(ws, parse("gaps", {})), {**named, "rows": unnamed(named["rows"])})


@pytest.mark.django_db
def test_the_rebuild_command_restores_deleted_cells_and_the_stale_task_clears_staleness():
    from click.testing import CliRunner

    from servicegap.aggregates.tasks import rebuild_stale
    from servicegap.cli import main_group

    ws = make_workspace()
    store(ws, {"day": 3, "unit": "SALES", "touchpoint": "WELCOME", "respondent": "C1", "nps": 9,
               "items": {"GREET": {"expectation": 6, "experience": 4}}})  # fmt: skip
    before = stored_cells(ws)
    Cell.objects.of(ws).delete()
    result = CliRunner().invoke(
        main_group, ["--workspace", ws.slug, "aggregates", "rebuild", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert f'"cells": {len(before)}' in result.output
    assert stored_cells(ws) == before
    cells.mark_stale(ws)
    assert "rebuilt the aggregates of " + ws.slug in rebuild_stale.call()
    assert cells.usable(ws)


@pytest.mark.django_db
def test_a_rebuild_counts_only_its_workspace_when_response_ids_interleave():
    """The rebuild reads answers by response id range; another workspace's responses in the same
    ranges must not count."""
    mine, theirs = make_workspace(), make_workspace()
    for day in range(6):
        for ws, value in ((mine, 6), (theirs, 2)):  # alternating ids
            store(ws, {"day": day, "unit": "SALES", "touchpoint": None, "respondent": None,
                       "items": {"GREET": {"experience": value}}, "nps": value})  # fmt: skip
    before = stored_cells(mine), stored_cells(theirs)
    computed, _ = cells.compute(mine, chunk=3)  # ranges that hold both workspaces' responses
    assert {key: sums.as_tuple() for key, sums in computed.items()} == before[0]
    for ws in (mine, theirs):
        Cell.objects.of(ws).delete()
        cells.rebuild(ws)
    assert (stored_cells(mine), stored_cells(theirs)) == before


@pytest.mark.django_db
def test_answers_by_response_are_found_through_the_response_index(workspace):
    """Without table statistics SQLite would walk the workspace's index for a query that also
    says ``workspace_id = ?``: every answer of the workspace for each chunk of a re-import."""
    from django.db import connection

    from servicegap.surveys.transfer.responses import answers_of

    plan = answers_of([1, 2, 3]).explain()
    if connection.vendor == "sqlite":
        assert "surveys_answer_response_id" in plan and "workspace_id" not in plan, plan
    else:  # PostgreSQL plans by its statistics; the query must still name only response ids
        where = str(answers_of([1]).query).split(" WHERE ", 1)[1]
        assert "workspace_id" not in where, where


def test_a_window_open_at_either_end_does_not_overflow(client, login):
    """?from= alone once crashed the gaps report (the open end plus one day overflowed)."""
    from datetime import date

    assert cells.window(date(2025, 1, 1), None) is not None
    assert cells.window(None, date(2025, 1, 31)) is not None
    login("owner")
    for query in ("from=2025-01-01", "to=2025-01-31"):
        assert client.get(f"/w/acme/reports/gaps/?{query}").status_code == 200
