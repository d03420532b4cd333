"""Which answers match a case rule, which rule wins, and when a case is past due (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from servicegap.lib.caserules import (
    DEFAULTS,
    Rule,
    breached,
    choose,
    escalation_level,
    recent,
    response_triggers,
)

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


def test_a_recommend_answer_of_six_or_less_is_a_detractors_and_seven_is_not():
    assert response_triggers([("nps", 6.0, "")], False) == ["detractor"]
    assert response_triggers([("nps", 0.0, "")], False) == ["detractor"]
    assert response_triggers([("nps", 7.0, "")], False) == []
    assert response_triggers([("csat", 1.0, "")], False) == []


def test_misery_and_a_comment_with_a_contact_match_their_rules():
    assert response_triggers([("moment", None, "misery")], False) == ["misery"]
    assert response_triggers([("moment", None, "magic")], False) == []
    comment = [("text", None, "Ring me please")]
    assert response_triggers(comment, False) == []
    assert response_triggers(comment, True) == ["reply"]
    assert response_triggers([("text", None, "  ")], True) == []


def test_the_enabled_rule_of_highest_severity_wins_and_none_when_all_are_off():
    rules = dict(DEFAULTS)
    assert choose(["detractor", "misery", "reply"], rules) == DEFAULTS["misery"]
    rules["misery"] = Rule("misery", False, "high")
    assert choose(["detractor", "misery", "reply"], rules).trigger == "detractor"
    rules["reply"] = Rule("reply", True, "high")
    assert choose(["detractor", "misery", "reply"], rules).trigger == "reply"
    rules["detractor"] = Rule("detractor", False, "normal")
    assert choose(["detractor"], rules) is None


def test_the_defaults_are_the_issues():
    assert {t: (r.enabled, r.severity) for t, r in DEFAULTS.items()} == {
        "complaint": (True, "normal"),
        "detractor": (True, "normal"),
        "misery": (True, "high"),
        "reply": (True, "normal"),
    }


def test_only_the_last_14_days_count_as_recent():
    assert recent(NOW - timedelta(days=14), NOW)
    assert not recent(NOW - timedelta(days=14, seconds=1), NOW)


def test_breached_means_open_past_due_or_closed_late():
    due = NOW - timedelta(hours=1)
    assert breached(due, None, NOW)
    assert not breached(due, due - timedelta(minutes=1), NOW)
    assert breached(due, due + timedelta(minutes=1), NOW)
    assert not breached(None, None, NOW)


def test_escalation_goes_one_step_when_past_due_and_another_one_sla_later():
    sla = timedelta(hours=24)
    due = NOW
    assert escalation_level(due, sla, NOW) == 0
    assert escalation_level(due, sla, NOW + timedelta(minutes=1)) == 1
    assert escalation_level(due, sla, NOW + sla) == 1
    assert escalation_level(due, sla, NOW + sla + timedelta(minutes=1)) == 2
    assert escalation_level(None, sla, NOW) == 0
