"""The text engine's contract (servicegap.text.pipeline), on the lexicon backend that always
runs: one dict per text, in order, exactly the contract's keys; fuzzy mentions; standards and
touchpoint matching; themes with readable and reused labels; corrections that change the next
label of a similar comment; held-out accuracy with n and an interval; no raw PII in any field."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from servicegap.text.embed import words
from servicegap.text.mentions import Mentions
from servicegap.text.pipeline import Context, Enricher, holdout_accuracy

KEYS = {"sentiment", "score", "kind", "dimension", "standards", "touchpoint", "mentions",
        "themes", "redacted"}  # fmt: skip
COMMENTS = Path(__file__).resolve().parents[1] / "data" / "text" / "comments.csv"
ROSTER = [("E1", "John Smith"), ("E2", "Priya Shah"), ("E3", "Sam Jones"), ("E4", "Sam Patel")]
STANDARDS = [
    ("GREET", "Greet every customer warmly within a minute of arrival. Smile and say hello."),
    ("CALLBACK", "Call the customer back within one working day when you promised to."),
    ("CLEAN", "Keep the showroom and the toilets clean and tidy."),
]
TOUCHPOINTS = [("PHONE", "Phone call to the branch"), ("DELIVERY", "Delivery of the car")]


@pytest.fixture(scope="module")
def engine():
    context = Context(standards=STANDARDS, touchpoints=TOUCHPOINTS, roster=ROSTER)
    return Enricher(context, backend="lexicon")


def test_one_dict_per_text_in_order_with_exactly_the_contract_keys(engine):
    texts = ["Lovely staff!", "", "Awful, nobody called me back.", "Why is it so slow?", "  "] * 3
    rows = engine.enrich(texts)
    assert len(rows) == len(texts) and engine.backend == "lexicon"
    assert [r["redacted"] for r in rows] == texts
    for row in rows:
        assert set(row) == KEYS
        assert row["sentiment"] in ("negative", "neutral", "positive")
        assert -1 <= row["score"] <= 1
        assert row["kind"] in ("compliment", "complaint", "suggestion", "question")
        assert row["dimension"] in ("people", "process", "product")
    assert engine.enrich([]) == []
    assert rows[0]["sentiment"] == "positive" and rows[2]["sentiment"] == "negative"
    assert rows[3]["kind"] == "question"


def test_progress_reaches_the_total(engine):
    seen = []
    engine.enrich(["Fine."] * 600, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (600, 600) and len(seen) == 3


def test_no_field_but_redacted_carries_the_text_and_that_one_is_redacted(engine):
    texts = [
        "Call me on 07700 900123 or mail ann.lee@example.com about card 4111 1111 1111 1111",
        *["The parking was awful, ring 07700 900123 or write to ann.lee@example.com"] * 9,
    ]
    rows = engine.enrich(texts)
    dumped = json.dumps(rows)
    for secret in ("07700", "900123", "ann.lee", "@", "4111"):
        assert secret not in dumped
    assert "[phone]" in rows[0]["redacted"] and "[email]" in rows[0]["redacted"]


def test_mentions_are_fuzzy_and_only_employees():
    m = Mentions(ROSTER)
    assert m.find("Jon was wonderful") == ["E1"]  # a unique first name, one letter off
    assert m.find("thanks to priya shah") == ["E2"]  # a full name needs no capital
    assert m.find("Priya Sahh sorted it") == ["E2"]  # a typo in the full name
    assert m.find("Sam was great") == []  # two employees are called Sam
    assert m.find("Sam Patel was great") == ["E4"]
    assert m.find("Maria and Johnny helped") == []  # not on the roster, not close enough
    assert m.find("the john was dirty") == []  # a lower-case first name alone is no mention
    assert Mentions([]).find("John") == []


def test_standards_and_touchpoint_are_matched_best_first(engine):
    rows = engine.enrich([
        "Nobody called me back, they promised a call the next working day",
        "Nobody greeted us when we arrived, not even a hello",
        "The toilets were filthy and the showroom untidy",
        "The delivery of my car was on time",
        "Great coffee",
    ])  # fmt: skip
    assert rows[0]["standards"][0] == "CALLBACK"
    assert rows[1]["standards"][0] == "GREET"
    assert rows[2]["standards"][0] == "CLEAN"
    assert rows[3]["touchpoint"] == "DELIVERY"
    assert rows[4]["standards"] == [] and rows[4]["touchpoint"] is None


THEMED = [
    *[f"Parking was impossible, no parking spaces at {t}" for t in ("noon", "nine", "ten")],
    "The car park was full and parking cost a fortune",
    "Could not find parking anywhere near the branch",
    "Parking spaces too narrow",
    *[f"The coffee was cold and the coffee cup dirty on {d}" for d in ("Monday", "Friday")],
    "Bitter coffee, cold coffee",
    "The coffee machine was broken so no coffee",
    "Coffee tasted burnt",
    "Best coffee, lovely coffee",
]


def test_themes_are_groups_named_by_their_distinctive_words(engine):
    rows = engine.enrich(THEMED)
    first = {tuple(r["themes"]) for r in rows[:6]}
    second = {tuple(r["themes"]) for r in rows[6:]}
    assert len(first) == 1 and len(second) == 1 and first != second
    assert "parking" in next(iter(first))[0] and "coffee" in next(iter(second))[0]


def test_a_known_theme_label_is_reused():
    engine = Enricher(Context(themes=["parking / car park"]), backend="lexicon")
    rows = engine.enrich(THEMED)
    assert rows[0]["themes"] == ["parking / car park"]
    assert "parking / car park" not in rows[-1]["themes"]
    # a small batch is not grouped, only matched to the known themes
    assert engine.enrich(["No parking spaces at all"])[0]["themes"] == ["parking / car park"]


def test_a_correction_changes_the_next_label_of_a_similar_comment():
    text = "The invoice arrived in a blue envelope on Tuesday"
    before = Enricher(Context(), backend="lexicon").enrich([text])[0]
    wanted = {"kind": "complaint" if before["kind"] != "complaint" else "suggestion",
              "dimension": "product" if before["dimension"] != "product" else "people",
              "sentiment": "negative" if before["sentiment"] != "negative" else "positive"}  # fmt: skip
    corrections = [(text, field, label) for field, label in wanted.items()]
    engine = Enricher(Context(corrections=corrections), backend="lexicon")
    similar = engine.enrich(["The invoice arrived in a blue envelope on Wednesday"])[0]
    assert {f: similar[f] for f in wanted} == wanted
    unrelated = engine.enrich(["Lovely staff, thank you!"])[0]
    assert unrelated["sentiment"] == "positive"


def test_unknown_correction_fields_and_labels_are_ignored():
    engine = Enricher(Context(corrections=[("x", "colour", "blue"), ("y", "kind", "rant")]),
                      backend="lexicon")  # fmt: skip
    assert engine.enrich(["y"])[0]["kind"] in ("compliment", "complaint", "suggestion", "question")


def test_holdout_accuracy_has_n_and_an_interval():
    corrections = [(f"The parcel {i} came late again", "kind", "complaint") for i in range(6)]
    corrections += [("Please open on Sundays", "kind", "suggestion")]
    out = holdout_accuracy(corrections, backend="lexicon")
    assert set(out) == {"kind"}
    kind = out["kind"]
    assert kind["n"] == 7 and 0 <= kind["low"] <= kind["accuracy"] <= kind["high"] <= 1
    assert kind["accuracy"] >= 6 / 7  # the near-duplicates teach each other
    assert holdout_accuracy([], backend="lexicon") == {}


def test_kind_and_dimension_on_the_labelled_comments(engine):
    with COMMENTS.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 300
    got = Enricher(Context(), backend="lexicon").enrich([r["text"] for r in rows])
    for field, floor in (("kind", 0.7), ("dimension", 0.6), ("sentiment", 0.5)):
        hits = sum(g[field] == r[field] for g, r in zip(got, rows, strict=True))
        assert hits / len(rows) >= floor, field


def test_words_fold_simple_endings():
    assert words("Called, calls and calling the queues") == ["call", "call", "call", "queue"]


def test_the_backend_can_be_forced_and_must_be_known(monkeypatch):
    from servicegap.text.embed import backend_name

    monkeypatch.setenv("SERVICEGAP_TEXT_BACKEND", "lexicon")
    assert backend_name() == "lexicon"
    monkeypatch.setenv("SERVICEGAP_TEXT_BACKEND", "bert")
    with pytest.raises(ValueError, match="SERVICEGAP_TEXT_BACKEND"):
        backend_name()


def test_the_engine_imports_neither_django_nor_the_model_until_asked():
    code = (
        "import sys\n"
        "from servicegap.text import pipeline\n"
        "pipeline.Enricher(pipeline.Context(), 'lexicon').enrich(['Fine'])\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('django', 'torch', 'sentence_transformers')]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
