"""The ideas board's pure rules: statuses, order, codes, moving along the steps."""

from __future__ import annotations

from datetime import datetime, timedelta

from servicegap.ideas import ranking
from servicegap.ideas.ranking import Ranked

T0 = datetime(2026, 1, 1)


def test_status_moves_name_what_is_wrong():
    assert ranking.status_problem("new", "planned") == ""
    assert ranking.status_problem("done", "new") == ""  # a done idea may come back
    assert "already planned" in ranking.status_problem("planned", "planned")
    assert ranking.status_problem("new", "maybe").startswith("status: must be one of")


def test_the_board_puts_most_votes_first_and_newest_among_equals():
    rows = [Ranked(1, 3, T0), Ranked(2, 5, T0), Ranked(3, 3, T0 + timedelta(days=1))]
    assert ranking.order(rows, "votes") == [2, 3, 1]
    assert ranking.order(rows, "newest") == [3, 2, 1]


def test_codes_are_short_readable_and_new():
    code = ranking.new_code({"AAAAAA"})
    assert len(code) == 6 and code != "AAAAAA"
    assert not set(code) & set("01OIL")


def test_moving_stops_at_the_ends():
    steps = [1, 2, 4]
    assert ranking.moved(steps, 1, "next") == 2
    assert ranking.moved(steps, 2, "next") == 4
    assert ranking.moved(steps, 4, "next") == 4
    assert ranking.moved(steps, 1, "previous") == 1
    assert ranking.moved(steps, 3, "next") == 1  # a removed step restarts the walk
