"""The survey templates and question types: which questions each makes from the chosen standards.

A template turns a few choices (standards, options such as NPS or the zone of tolerance) into a
list of ``QuestionSpec``; ``builder.create_survey`` stores them. Question texts are written in
English under ``"en"``; the builder page shows which other languages still need a text.

Question types are what the builder offers; each maps onto one or two stored questions whose
``kind`` is an answer kind of the response contract (``lib/scales.py``):

=========== ====================================== ===========================================
type        stored question(s)                     answers
=========== ====================================== ===========================================
gap         expectation + experience of a standard item = standard code
expectation / experience / adequate / desired      item = standard code
rating      kind rating                            item = question code
matrix      kind rating with rows                  item = QUESTION.ROW, one per row
nps / csat / ces / overall / moment                no item (the whole response)
single      kind choice                            item = question code, value = option code
multi       kind choice, multiple                  one row per picked option
text        kind text                              item = question code
kano        kano_functional + kano_dysfunctional   item = question code
importance  kind importance, rows = dimensions     item = dimension, 100 points in all
competitor_ kind competitor_experience of a standard   item = standard code, competitor = the code
experience                                         picked in the COMPETITOR choice question
=========== ====================================== ===========================================

The competitor comparison (docs/quality.md) asks first which company the customer used instead
of us or most often besides us: a single choice coded ``COMPETITOR`` whose options are the
workspace's competitors and "none". Its answer names the competitor of every
competitor_experience answer of the response (``surveys.competitor_question``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from servicegap.lib.scales import COMPETITOR_KIND

DIMENSION_ROWS = [
    {"code": "people", "label": "People: how we treat you"},
    {"code": "process", "label": "Process: how easy we are to deal with"},
    {"code": "product", "label": "Product: what you get"},
]
EXIT_REASONS = [
    {"code": "price", "label": "The price"},
    {"code": "service", "label": "How we treated me"},
    {"code": "waiting-time", "label": "Waiting too long"},
    {"code": "no-callback", "label": "Nobody called me back"},
    {"code": "quality", "label": "The quality of the product"},
    {"code": "competitor", "label": "A better offer elsewhere"},
    {"code": "moved", "label": "I moved or no longer need it"},
    {"code": "other", "label": "Something else"},
]
INTERNAL_ITEMS = [
    ("INT-ONTIME", "Delivers what we need when we need it"),
    ("INT-RIGHT", "Gets it right the first time"),
    ("INT-INFORMS", "Tells us early when something changes"),
]
# Employee voice (docs/engagement.md): how the company treats its own people, agreement on the
# survey's scale; the codes are what the engagement report shows by name.
ENGAGEMENT_ITEMS = [
    ("ENG-TOOLS", "I have what I need to serve customers"),
    ("ENG-MANAGER", "My manager acts on what we raise"),
    ("ENG-RECOMMEND", "I would recommend working here"),
]
STANDARD_TYPES = ("gap", "expectation", "experience", "adequate", "desired", COMPETITOR_KIND)
# The choice question that names the competitor of a response, and its "no other company" option.
COMPETITOR_QUESTION = "COMPETITOR"
NO_COMPETITOR = "none"
RESPONSE_TYPES = ("nps", "csat", "ces", "overall", "moment")
QUESTION_TYPES = {
    "gap": "Standard: expectation and experience",
    "experience": "Standard: experience only",
    "expectation": "Standard: expectation only",
    "adequate": "Standard: adequate level (zone of tolerance)",
    "desired": "Standard: desired level (zone of tolerance)",
    COMPETITOR_KIND: "Standard: the competitor's experience (competitor comparison)",
    "rating": "Rating on the survey's scale",
    "matrix": "Matrix of ratings (one per row)",
    "nps": "Net Promoter Score (0–10)",
    "csat": "Satisfaction, CSAT (1–5)",
    "ces": "Effort, CES (1–7)",
    "overall": "Overall satisfaction on the survey's scale",
    "moment": "Moment: three faces (magic, mediocrity, misery)",
    "single": "Single choice",
    "multi": "Multiple choice",
    "text": "Free text",
    "kano": "Kano pair (functional and dysfunctional)",
    "importance": "Importance: 100 points over people, process, product",
    "enps": "Employee Net Promoter Score (0–10)",
    "engagement": "Engagement statement (agreement on the survey's scale)",
    "enablement": "Standard: I am able to deliver it (agreement)",
}
DEFAULT_TEXT = {
    "expectation": "How well should we do this? {title}",
    "experience": "How well did we do this? {title}",
    "adequate": "The lowest level you would accept: {title}",
    "desired": "The level you would wish for: {title}",
    COMPETITOR_KIND: "How well did that other company do this? {title}",
    "nps": "How likely are you to recommend us to a friend or colleague?",
    "csat": "How satisfied are you with us?",
    "ces": "How easy was it to get what you needed?",
    "overall": "Overall, how satisfied are you with us?",
    "enps": "How likely are you to recommend working here to a friend?",
    "enablement": "I am able to deliver this standard: {title}",
    "moment": "How did it feel?",
    "importance": "What matters most to you when you deal with us?",
    "kano_functional": "How would you feel if we offered this? {title}",
    "kano_dysfunctional": "How would you feel if we did not offer this? {title}",
}


@dataclass
class QuestionSpec:
    code: str
    kind: str
    text: dict[str, str]
    standard: Any = None  # a Standard, for standard items
    options: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    required: bool = False
    multiple: bool = False
    condition: dict[str, Any] = field(default_factory=dict)


@dataclass
class TemplateChoices:
    """What the creator chose on the "new survey" page."""

    standards: list[Any] = field(default_factory=list)
    importance: bool = False
    zone: bool = False  # adequate and desired expectation (zone of tolerance)
    overall: bool = True
    nps: bool = True
    comment: bool = True
    standard_items: bool = True  # pulse: experience items for the touchpoint's standards
    reasons: list[dict[str, Any]] = field(default_factory=list)
    # competitor comparison: the workspace's competitors as [{code, label}] (the builder reads them)
    competitors: list[dict[str, Any]] = field(default_factory=list)


def _en(text: str) -> dict[str, str]:
    return {"en": text}


def comment(code: str = "COMMENT", text: str = "Anything else you would like to tell us?"):
    return QuestionSpec(code, "text", _en(text))


def question_type(kind: str, rows: list, multiple: bool) -> str:
    """The builder's type of one stored question (the inverse of ``specs_for_type``)."""
    if kind == "choice":
        return "multi" if multiple else "single"
    if kind == "rating" and rows:
        return "matrix"
    if kind.startswith("kano_"):
        return "kano"
    return kind


def specs_for_type(
    qtype: str, code: str, text: str, standard: Any = None, **extra: Any
) -> list[QuestionSpec]:
    """The stored question(s) of one question of the builder's type ``qtype``."""
    if qtype in STANDARD_TYPES:
        title = standard.title if standard is not None else ""
        kinds = ("expectation", "experience") if qtype == "gap" else (qtype,)
        return [
            QuestionSpec(
                code,
                k,
                _en(text if text and len(kinds) == 1 else DEFAULT_TEXT[k].format(title=title)),
                standard,
                **extra,
            )
            for k in kinds
        ]
    if qtype == "kano":
        return [
            QuestionSpec(code, k, _en(DEFAULT_TEXT[k].format(title=text)), **extra)
            for k in ("kano_functional", "kano_dysfunctional")
        ]
    if qtype == "importance":
        extra["rows"] = extra.get("rows") or DIMENSION_ROWS
        return [QuestionSpec(code, "importance", _en(text or DEFAULT_TEXT["importance"]), **extra)]
    kind = {"single": "choice", "multi": "choice", "matrix": "rating"}.get(qtype, qtype)
    if qtype == "multi":
        extra["multiple"] = True
    return [QuestionSpec(code, kind, _en(text or DEFAULT_TEXT.get(kind, "")), **extra)]


def _gap(standards, expect: str, experience: str, zone: bool = False) -> list[QuestionSpec]:
    specs = []
    for s in standards:
        specs.append(QuestionSpec(s.code, "expectation", _en(f"{expect}: {s.title}"), s))
        if zone:
            specs += specs_for_type("adequate", s.code, "", s)
            specs += specs_for_type("desired", s.code, "", s)
        specs.append(QuestionSpec(s.code, "experience", _en(f"{experience}: {s.title}"), s))
    return specs


def _closing(choices: TemplateChoices) -> list[QuestionSpec]:
    specs = []
    if choices.overall:
        specs += specs_for_type("overall", "OVERALL", "")
    if choices.nps:
        specs += specs_for_type("nps", "NPS", "")
    if choices.comment:
        specs.append(comment())
    return specs


def perception(choices: TemplateChoices, touchpoint_standards: list) -> list[QuestionSpec]:
    specs = _gap(
        choices.standards, "What you expected of us", "What you experienced", zone=choices.zone
    )
    if choices.importance:
        specs += specs_for_type("importance", "IMPORTANCE", "")
    return specs + _closing(choices)


def pulse(choices: TemplateChoices, touchpoint_standards: list) -> list[QuestionSpec]:
    faces = QuestionSpec("MOMENT", "moment", _en(DEFAULT_TEXT["moment"]), required=True)
    chosen = choices.standards or (touchpoint_standards if choices.standard_items else [])
    items = [QuestionSpec(s.code, "experience", _en(s.title), s) for s in chosen]
    return [faces, *items, comment("COMMENT", "Would you like to tell us more?")]


def inside_view(choices: TemplateChoices, touchpoint_standards: list) -> list[QuestionSpec]:
    """Employee view and leader self-assessment: the same standards, seen from inside."""
    specs = _gap(
        choices.standards, "How much do our customers expect this", "How well do we deliver this"
    )
    return [*specs, comment("COMMENT", "What gets in the way of delivering these standards?")]


def voice(choices: TemplateChoices, touchpoint_standards: list) -> list[QuestionSpec]:
    """Employee voice: eNPS, how the company treats its people, and per standard whether the
    employee is able to deliver it and how well the company does (the employee view)."""
    specs = specs_for_type("enps", "ENPS", "")
    specs += [QuestionSpec(code, "engagement", _en(text)) for code, text in ENGAGEMENT_ITEMS]
    for s in choices.standards:
        specs.append(
            QuestionSpec(
                s.code, "enablement", _en(DEFAULT_TEXT["enablement"].format(title=s.title)), s
            )
        )
        specs.append(
            QuestionSpec(s.code, "experience", _en(f"How well do we deliver this: {s.title}"), s)
        )
    return [*specs, comment("COMMENT", "What would help you serve customers better?")]


def internal(choices: TemplateChoices, touchpoint_standards: list) -> list[QuestionSpec]:
    if choices.standards:
        specs = _gap(choices.standards, "What you need from this team", "How well they deliver")
    else:
        specs = [QuestionSpec(c, "rating", _en(t)) for c, t in INTERNAL_ITEMS]
    return specs + _closing(TemplateChoices(overall=choices.overall, nps=False))


def exit_survey(choices: TemplateChoices, touchpoint_standards: list) -> list[QuestionSpec]:
    reasons = QuestionSpec(
        "REASON",
        "choice",
        _en("Why did you stop doing business with us? Pick all that apply."),
        options=choices.reasons or EXIT_REASONS,
        multiple=True,
    )
    return [reasons, comment("COMMENT", "What could we have done to keep you?")]


def competitor_comparison(choices: TemplateChoices, touchpoint_standards: list) -> list:
    """Us and the customer's main alternative on the same standards, in one survey. The
    competitor's questions are shown only when a competitor is picked (a "show if" condition)."""
    named = [str(c["code"]) for c in choices.competitors]
    which = QuestionSpec(
        COMPETITOR_QUESTION,
        "choice",
        _en("Which company did you use instead of us, or most often besides us?"),
        options=[
            *choices.competitors,
            {"code": NO_COMPETITOR, "label": "None: I use only you"},
        ],
    )
    shown_if = {"item": COMPETITOR_QUESTION, "kind": "choice", "in": named}
    specs = [which]
    for s in choices.standards:
        specs.append(
            QuestionSpec(s.code, "experience", _en(f"How well did we do this: {s.title}"), s)
        )
        specs.append(
            QuestionSpec(
                s.code,
                COMPETITOR_KIND,
                _en(f"How well did that other company do this: {s.title}"),
                s,
                condition=shown_if,
            )
        )
    return specs + _closing(choices)


def custom(choices: TemplateChoices, touchpoint_standards: list) -> list[QuestionSpec]:
    return []


# template: (perspective, builder of its questions)
TEMPLATES = {
    "perception": ("customer", perception),
    "pulse": ("customer", pulse),
    "employee": ("employee", inside_view),
    "voice": ("employee", voice),
    "leader": ("leader", inside_view),
    "internal": ("internal", internal),
    "exit": ("customer", exit_survey),
    "competitors": ("customer", competitor_comparison),
    "custom": ("customer", custom),
}
