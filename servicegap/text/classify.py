"""Cue words for kind (compliment, complaint, suggestion, question) and dimension (people,
process, product): features the classifier head weighs beside the sentence vector, and the whole
signal for the lexicon backend (docs/text.md). Pure (no Django)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

KINDS = ("compliment", "complaint", "suggestion", "question")
DIMENSIONS = ("people", "process", "product")
SENTIMENTS = ("negative", "neutral", "positive")


# Each cue is one feature: how often its phrases occur (capped), so the head learns its weight.
# Phrases are "|"-separated regular expressions, matched as whole words, case-insensitive.
_PHRASES: tuple[tuple[str, str], ...] = (
    (
        "a suggestion",
        r"should|could|would be \w+|suggest\w*|maybe|perhaps|wish|it would help|why not|"
        r"how about|recommend (?:that|you|adding)|idea|maybe (?:you|they)|consider|"
        r"if only|instead of|next time",
    ),
    (
        "a request",
        r"please|add|offer|option|introduce|bring back|more|less",
    ),
    (
        "a problem told plainly",
        r"never|not|no|n't|without|again|still|twice|three times|failed|wrong|missing|"
        r"cancel\w*|lost|off|only|too|barely|instead|despite|even though|took|had to|"
        r"all (?:day|morning|night)|\w+ed (?:off|out|up|down|over|twice|again)",
    ),
    (
        "asking",
        r"i (?:want|need) to know|wonder\w*|any (?:way|chance|news|update)|"
        r"is it possible|do you (?:know|have|offer|sell|do)|can i|how (?:do|can|long|"
        r"much)",
    ),
    (
        "praise",
        r"thank\w*|wonderful|excellent|great|amazing|brilliant|fantastic|lovely|superb|"
        r"perfect|love\w*|best|kudos|well done|outstanding",
    ),
    (
        "complaint words",
        r"complain\w*|terrible|awful|rude|never again|disappoint\w*|worst|unacceptable|"
        r"poor|broken|waited|still waiting|no one|nobody|refund|useless|not happy|"
        r"ignored|faulty|late|lost|wrong",
    ),
    (
        "people",
        r"staff|salesman|saleswoman|sales\w*|agent|advisor|adviser|team|manager|employee|"
        r"he|she|him|her|they were|person|receptionist|nurse|doctor|driver|waiter|"
        r"waitress|technician|engineer|mechanic|consultant|cashier|friendly|rude|helpful|"
        r"polite|attitude|knowledgeable|patient|courteous|listened|explained|smile\w*|"
        r"attentive|professional|colleague|guy|lady|man|woman|someone|representative|rep|"
        r"clerk",
    ),
    (
        "process",
        r"wait\w*|queue\w*|hours?|minutes?|days?|weeks?|paperwork|form|forms|booking|"
        r"appointment|call(?:ed)? back|callback|process|delivery|delivered|refund|"
        r"invoice|billing|bill|payment|online|website|app|email|phone|hold|slow|quick\w*|"
        r"fast|late|delay\w*|on time|schedule\w*|checkout|check-in|check in|return\w*|"
        r"follow[- ]?up|transfer\w*|system|procedure|policy|order\w*|tracking|parking|"
        r"opening hours|signage|reply|response|contact\w*|update\w*",
    ),
    (
        "product",
        r"product|car|vehicle|quality|broken|faulty|price\w*|cost\w*|value|food|meal|"
        r"coffee|room|bed|device|phone itself|model|item|goods|feature\w*|size|colour|"
        r"color|battery|screen|engine|tyres?|material|fabric|taste\w*|menu|range|stock|"
        r"selection|design|build|durable|cheap|expensive|warranty|parts?|clean\w*|dirty|"
        r"comfortable|fresh|works|stopped working|defect\w*|noise|portion|drinks?|"
        r"seat\w*",
    ),
)

CUES: tuple[re.Pattern[str], ...] = (
    re.compile(r"\?"),
    re.compile(
        r"^\s*(?:how|what|when|where|why|who|which|can|could|do|does|is|are|will|would|should|"
        r"may|have|has)\b",
        re.IGNORECASE,
    ),
    *(re.compile(r"\b(?:" + phrases + r")\b", re.IGNORECASE) for _, phrases in _PHRASES),
)


def cues(texts: Sequence[str]) -> np.ndarray:
    out = np.zeros((len(texts), len(CUES)), dtype=np.float32)
    for i, text in enumerate(texts):
        for j, pattern in enumerate(CUES):
            out[i, j] = min(3, len(pattern.findall(text)))
    return out
