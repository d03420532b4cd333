"""One set of face words for every channel, in the customer's language."""

from __future__ import annotations

from servicegap.lib.faces import faces, labels
from servicegap.lib.scales import MOMENTS


def test_every_moment_has_a_customer_word_in_every_language_and_english_fills_gaps():
    assert [f.moment for f in faces()] == list(MOMENTS)
    assert [f.label for f in faces("en")] == ["Great", "Okay", "Poor"]
    assert labels("nl-BE")["misery"] == "Slecht"
    assert labels("xx") == labels("en")
    for lang in ("en", "nl", "de", "fr"):
        words = labels(lang)
        assert set(words) == set(MOMENTS) and len(set(words.values())) == 3, lang
        assert not {"Magic", "Mediocre", "Misery"} & set(words.values())  # glossary words
