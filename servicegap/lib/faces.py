"""The three faces respondents tap, in the words customers read: one set for every channel.

The glossary's moment names (magic, mediocrity, misery) are the stored values and the words of
staff pages; customers never read them. Surveys, the kiosk and anything else that shows the faces
take their labels from here, so a face reads the same everywhere (docs/surveys.md).
"""

from __future__ import annotations

from dataclasses import dataclass

ICONS = {"magic": "😀", "mediocrity": "😐", "misery": "☹️"}
LABELS = {
    "en": {"magic": "Great", "mediocrity": "Okay", "misery": "Poor"},
    "nl": {"magic": "Goed", "mediocrity": "Gaat wel", "misery": "Slecht"},
    "de": {"magic": "Gut", "mediocrity": "Okay", "misery": "Schlecht"},
    "fr": {"magic": "Bien", "mediocrity": "Moyen", "misery": "Mauvais"},
}


@dataclass(frozen=True)
class Face:
    moment: str  # the stored value: magic, mediocrity or misery
    label: str  # what the customer reads
    icon: str


def labels(lang: str = "en") -> dict[str, str]:
    """The customer's word for each moment in ``lang`` (English where there is none)."""
    return {**LABELS["en"], **LABELS.get(lang.split("-")[0], {})}


def faces(lang: str = "en") -> list[Face]:
    """The three faces, best first, as every channel shows them."""
    words = labels(lang)
    return [Face(m, words[m], ICONS[m]) for m in ("magic", "mediocrity", "misery")]
