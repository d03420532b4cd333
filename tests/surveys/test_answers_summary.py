"""The answers report's figures (servicegap/surveys/summary.py), pure: Wilson shares lie in their
intervals, a multiple answer counts each respondent once per option and never more than n,
rankings, numbers, dates and texts, and the anonymity rules for protected surveys."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from servicegap.lib.proportions import share
from servicegap.surveys.summary import (
    Asked,
    Given,
    TextRule,
    distribution,
    flat_rows,
    plain_label,
    summarise,
)

CUSTOMER = TextRule(protected=False, threshold=5)
OPTIONS = (("A", "Apples"), ("B", "Bananas"), ("C", "Cherries"))

ticks = st.lists(st.sets(st.sampled_from(["A", "B", "C"])), max_size=60)


@given(ticks)
def test_multiple_answer_shares_lie_in_their_intervals_and_counts_never_exceed_n(people):
    q = Asked("FRUIT", "choice", "Fruit?", OPTIONS, multiple=True)
    answers = [Given(r, "FRUIT", "choice", None, code) for r, ticked in enumerate(people)
               for code in sorted(ticked)]  # fmt: skip
    (sec,) = summarise([q], answers, CUSTOMER)
    n = sum(1 for ticked in people if ticked)
    assert sec["n"] == n
    for o in sec["options"]:
        expected = sum(1 for ticked in people if o["option"] in ticked)
        assert o["count"] == expected <= n
        if n:
            assert o["ci_low"] <= o["share"] <= o["ci_high"]
            assert o["ci_low"] >= 0 and o["ci_high"] <= 100
            assert o["share"] == 100 * expected / n
        else:
            assert o["share"] is None
    assert sum(o["count"] for o in sec["options"]) == len(answers)


@given(st.integers(0, 500), st.integers(0, 500))
def test_a_wilson_share_lies_in_its_interval(k, extra):
    s = share(k, k + extra)
    if k + extra:
        assert s.ci_low is not None and s.pct is not None and s.ci_high is not None
        assert s.ci_low <= s.pct <= s.ci_high


def test_single_choice_matrix_and_an_option_removed_since():
    q = Asked("Q", "choice", "Q?", OPTIONS)
    answers = [Given(1, "Q", "choice", None, "A"), Given(2, "Q", "choice", None, "A"),
               Given(3, "Q", "choice", None, "OLD")]  # fmt: skip
    (sec,) = summarise([q], answers, CUSTOMER)
    assert [(o["option"], o["count"]) for o in sec["options"]] == [
        ("A", 2), ("B", 0), ("C", 0), ("OLD", 1),
    ]  # fmt: skip
    m = Asked("M", "choice", "Rows", OPTIONS, rows=(("r1", "One"), ("r2", "Two")))
    answers = [Given(1, "M.r1", "choice", None, "A"), Given(2, "M.r1", "choice", None, "B"),
               Given(1, "M.r2", "choice", None, "C")]  # fmt: skip
    (sec,) = summarise([m], answers, CUSTOMER)
    assert sec["shape"] == "matrix" and sec["n"] == 2
    one, two = sec["rows"]
    assert (one["n"], two["n"]) == (2, 1)
    assert [o["count"] for o in two["options"]] == [0, 0, 1]
    rows = flat_rows([sec])
    assert [(r["row"], r["option"], r["count"]) for r in rows][:3] == [
        ("r1", "A", 1), ("r1", "B", 1), ("r1", "C", 0),
    ]  # fmt: skip


def test_a_ranking_gives_each_items_mean_rank():
    ranks = tuple((str(k), str(k)) for k in (1, 2, 3))
    q = Asked("R", "choice", "Rank", ranks, rows=(("x", "X"), ("y", "Y"), ("z", "Z")))
    answers = []
    for r, order in enumerate(["xyz", "xzy", "yxz"]):
        answers += [
            Given(r, f"R.{item}", "choice", None, str(i + 1)) for i, item in enumerate(order)
        ]
    (sec,) = summarise([q], answers, CUSTOMER)
    assert sec["shape"] == "ranking" and sec["n"] == 3
    means = {row["row"]: row["mean"] for row in sec["rows"]}
    assert means == {"x": 4 / 3, "y": 2.0, "z": 8 / 3}
    assert all(r["ci_low"] <= r["mean"] <= r["ci_high"] for r in sec["rows"])


def test_numbers_dates_and_ratings():
    number = Asked("AGE", "number", "Age")
    values = [Given(r, "AGE", "number", float(v), "") for r, v in enumerate(range(20, 50))]
    (sec,) = summarise([number], values, CUSTOMER)
    assert sec["mean"] == 34.5 and sec["n"] == 30 and sec["ci_low"] < 34.5 < sec["ci_high"]
    assert len(sec["distribution"]) == 10 and sum(o["count"] for o in sec["distribution"]) == 30
    when = Asked("WHEN", "date", "When?")
    days = ["2026-01-05", "2026-01-30T09:30", "2026-03-02"]
    (sec,) = summarise([when], [Given(r, "WHEN", "date", None, d) for r, d in enumerate(days)],
                       CUSTOMER)  # fmt: skip
    assert (sec["first"], sec["last"], sec["n"]) == ("2026-01-05", "2026-03-02", 3)
    assert [(o["label"], o["count"]) for o in sec["distribution"]] == [
        ("January 2026", 2), ("March 2026", 1),
    ]  # fmt: skip
    nps = Asked("NPS", "nps", "Recommend?")
    (sec,) = summarise([nps], [Given(1, "", "nps", 9.0, ""), Given(2, "", "nps", 6.0, "")],
                       CUSTOMER)  # fmt: skip
    assert sec["shape"] == "scale" and sec["mean"] == 7.5
    assert distribution([1.0, 1.0, 2.0])[0]["count"] == 2


def test_texts_the_latest_twenty_of_customers_none_of_few_employees():
    q = Asked("SAY", "text", "Say")
    answers = [Given(r, "SAY", "text", None, f"text {r}") for r in range(25)]
    order = {r: date(2026, 1, 1 + r) for r in range(25)}
    (sec,) = summarise([q], answers, CUSTOMER, order)
    assert sec["answers"] == 25 and sec["texts"][:2] == ["text 24", "text 23"]
    assert len(sec["texts"]) == 20
    few = TextRule(protected=True, threshold=5)
    (sec,) = summarise([q], answers[:9], few, order)
    assert sec["answers"] == 9 and sec["texts"] == []
    (sec,) = summarise([q], answers[:12], few, order)
    assert sec["texts"] == sorted((f"text {r}" for r in range(12)), key=str.casefold)


def test_a_protected_question_answered_by_too_few_is_hidden():
    q = Asked("Q", "choice", "Q?", OPTIONS)
    rule = TextRule(protected=True, threshold=5)
    (sec,) = summarise([q], [Given(r, "Q", "choice", None, "A") for r in range(4)], rule)
    assert sec["suppressed"] and "options" not in sec
    (sec,) = summarise([q], [Given(r, "Q", "choice", None, "A") for r in range(5)], rule)
    assert sec["n"] == 5 and not sec.get("suppressed")


def test_labels_are_plain_text():
    assert plain_label({"en": "<b>Red</b>&nbsp;one"}) == "Red one"
    assert plain_label({"de": "Rot", "en": "Red"}, ["de"]) == "Rot"
    assert plain_label(None) == ""
