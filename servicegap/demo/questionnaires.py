"""The demo's surveys: one per template the responses use, with their questions."""

from __future__ import annotations

from servicegap.core.models import Workspace
from servicegap.demo import story
from servicegap.demo.blocks import TOUCHPOINTS, journey_standards
from servicegap.standards.models import Standard
from servicegap.surveys.models import Question, Survey, SurveyStatus, SurveyTemplate

# (code, kind, text, standard, options, rows) of one question
Spec = tuple[str, str, str, Standard | None, list[dict[str, str]], list[dict[str, str]]]


def _questions(ws: Workspace, survey: Survey, specs: list[Spec]) -> None:
    Question.objects.bulk_create(
        [
            Question(
                workspace=ws,
                survey=survey,
                code=code,
                kind=kind,
                text={"en": text},
                standard=standard,
                options=options,
                rows=rows,
                position=i,
            )
            for i, (code, kind, text, standard, options, rows) in enumerate(specs)
        ]
    )


def _survey(ws: Workspace, code, title, template, perspective, specs, touchpoint=None) -> Survey:
    survey = Survey.objects.create(
        workspace=ws,
        code=code,
        title=title,
        template=template,
        perspective=perspective,
        scale_max=story.SCALE_MAX,
        status=SurveyStatus.PUBLISHED,
        languages=["en"],
        touchpoint=touchpoint,
    )
    _questions(ws, survey, specs)
    return survey


def create_surveys(ws: Workspace, standards, touchpoints) -> dict[str, int]:
    def gap_pair(s: Standard, expect: str, experience: str) -> list[Spec]:
        return [
            (s.code, "expectation", f"{expect}: {s.title}", s, [], []),
            (s.code, "experience", f"{experience}: {s.title}", s, [], []),
        ]

    comment: Spec = ("COMMENT", "text", "Anything you would like to tell us?", None, [], [])
    overall: Spec = ("OVERALL", "overall", "Overall, how was your experience?", None, [], [])
    nps: Spec = ("NPS", "nps", "How likely are you to recommend Northway Motors?", None, [], [])
    dims = [{"code": d, "label": d.capitalize()} for d in ("people", "process", "product")]
    importance: Spec = (
        "IMPORTANCE",
        "importance",
        "What matters most to you when you deal with us?",
        None,
        [],
        dims,
    )
    ids = {}
    for jcode, jname, *_ in story.JOURNEYS:
        specs = [
            p
            for i in journey_standards(jcode)
            for p in gap_pair(
                standards[story.STANDARD_CODES[i]], "What you expected", "What you experienced"
            )
        ]
        survey = _survey(
            ws,
            f"PERCEPTION-{jcode}",
            f"Customer perception: {jname.lower()}",
            SurveyTemplate.PERCEPTION,
            "customer",
            [*specs, overall, nps, importance, comment],
        )
        ids[f"perception:{jcode}"] = survey.pk
    moments = [{"code": m, "label": m.capitalize()} for m in ("magic", "mediocrity", "misery")]
    for _j, tcode, tname, _c, _d, scodes in TOUCHPOINTS:
        tp = touchpoints[tcode]
        specs = [("MOMENT", "moment", f"How did '{tname}' feel?", None, moments, [])]
        specs += [(s, "experience", standards[s].title, standards[s], [], []) for s in scodes]
        survey = _survey(
            ws,
            f"PULSE-{tcode}",
            f"Pulse: {tname}",
            SurveyTemplate.PULSE,
            "customer",
            [*specs, comment],
            touchpoint=tp,
        )
        ids[f"pulse:{tcode}"] = survey.pk
    for key, code, title, template, expect, experience in (
        (
            "employee",
            "EMPLOYEE-VIEW",
            "Employee view of our standards",
            SurveyTemplate.EMPLOYEE,
            "What customers expect",
            "How well we deliver",
        ),
        (
            "leader",
            "LEADER-SELF",
            "Leader self-assessment",
            SurveyTemplate.LEADER,
            "What customers expect",
            "How well we deliver",
        ),
    ):
        specs = [p for s in standards.values() for p in gap_pair(s, expect, experience)]
        ids[key] = _survey(ws, code, title, template, key, [*specs, comment]).pk
    specs = [(c, "rating", t, None, [], []) for c, t in story.INTERNAL_ITEMS]
    ids["internal"] = _survey(
        ws,
        "INTERNAL-SUPPLIER",
        "Internal supplier survey",
        SurveyTemplate.INTERNAL,
        "internal",
        [*specs, overall, comment],
    ).pk
    reasons = [
        {"code": r, "label": r.replace("-", " ").capitalize()} for r, _ in story.EXIT_REASONS
    ]
    specs = [("REASON", "choice", "What made you leave us?", None, reasons, []), overall, comment]
    ids["exit"] = _survey(
        ws, "EXIT", "Why did you leave us?", SurveyTemplate.EXIT, "customer", specs
    ).pk
    return ids
