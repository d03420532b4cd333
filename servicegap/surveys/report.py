"""The answers report (``servicegap report answers --survey CODE``, ``/api/v1/reports/answers``,
its page): what each question of one survey was answered, imported responses included. The
figures are ``servicegap.surveys.summary``'s; this module reads the survey and its answers, and
says in one sentence what matters.

The survey's latest version gives the questions, in order; every response to the survey counts
(an answer to a question since removed is not shown). Without ``survey`` the report reads the
survey whose latest response is the most recent. ``unit`` reads the responses of a unit and
the units below it (customer surveys only: a slice of a protected survey could be subtracted from
the whole's figures), so a manager's page shows their own units' answers.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Max

from servicegap.anonymity.comments import COMMENT_THRESHOLD
from servicegap.core.models import Workspace
from servicegap.gaps.filters import Filters, ReportError
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.people.models import Unit
from servicegap.reports.params import UNIT, Param
from servicegap.reports.registry import ReportKind
from servicegap.surveys import summary
from servicegap.surveys.models import Answer, Question, Response, Survey

SURVEY = Param(
    "survey",
    "Survey",
    "A survey code; none: the survey with the most recent response.",
    metavar="CODE",
)


def _subtree(workspace: Workspace, code: str) -> set[int]:
    """The ids of unit ``code`` and every unit below it."""
    units = list(Unit.objects.of(workspace).values_list("pk", "parent_id", "code"))
    root = next((pk for pk, _, c in units if c == code), None)
    if root is None:
        raise ReportError("unit", f"no unit with the code {code!r} in this workspace")
    found, frontier = set(), [root]
    while frontier:
        pk = frontier.pop()
        if pk not in found:
            found.add(pk)
            frontier += [child for child, parent, _ in units if parent == pk]
    return found


def _responses(workspace: Workspace, units: set[int] | None):
    found = Response.objects.filter(workspace=workspace, survey__isnull=False)
    return found if units is None else found.filter(unit_id__in=units)


def _survey(workspace: Workspace, code: str | None, units: set[int] | None) -> Survey | None:
    surveys = Survey.objects.of(workspace)
    if code:
        found = surveys.filter(code=code).first()
        if found is None:
            raise ReportError("survey", f"no survey with the code {code!r} in this workspace")
        return found
    answered = _responses(workspace, units)
    if units is not None:  # a unit's slice: customer surveys only (see ``build``)
        answered = answered.exclude(survey__perspective__in=PROTECTED_PERSPECTIVES)
    latest = (
        answered.values("survey")
        .annotate(last=Max("submitted_at"))
        .order_by("-last", "-survey")
        .first()
    )
    return surveys.filter(pk=latest["survey"]).first() if latest else None


def asked(survey: Survey) -> list[summary.Asked]:
    """The questions of the survey's latest version, labels as plain text."""
    langs = list(survey.languages or [])

    def pairs(listed: Any) -> list[tuple[str, str]]:
        return [
            (str(o.get("code", "")), summary.plain_label(o.get("label", o.get("code")), langs))
            for o in listed or []
            if isinstance(o, dict)
        ]

    questions = Question.objects.filter(survey=survey, survey_version=survey.version)
    return [
        summary.Asked(
            q.code,
            q.kind,
            summary.plain_label(q.text, langs) or (q.standard.title if q.standard else q.code),
            pairs(q.options),
            pairs(q.rows),
            q.multiple,
        )
        for q in questions.select_related("standard").order_by("position", "pk")
    ]


def surveys(workspace: Workspace) -> list[dict[str, str]]:
    """Every survey to choose from, by title (the page's select)."""
    found = Survey.objects.of(workspace).order_by("title", "code").values_list("code", "title")
    titles = Counter(title for _, title in found)
    return [
        {
            "code": code,
            "title": title,
            "label": title if titles[title] == 1 else f"{title} ({code})",
        }
        for code, title in found
    ]


def build(workspace: Workspace, filters: Filters) -> dict[str, Any]:
    unit = filters.options.get("unit")
    units = _subtree(workspace, unit) if unit else None
    survey = _survey(workspace, filters.options.get("survey"), units)
    if survey is not None and units is not None and survey.perspective in PROTECTED_PERSPECTIVES:
        # one unit's slice of a protected survey could be subtracted from the whole survey's
        # figures; the disclosure rules that make such slices safe are the other reports'
        raise ReportError(
            "unit",
            f"{survey.perspective} surveys are read over the whole workspace only, to keep "
            "their respondents anonymous; leave unit empty",
        )
    if survey is None:
        return {"survey": None, "title": None, "n": 0, "questions": [], "rows": [],
                "surveys": surveys(workspace)}  # fmt: skip
    responses = _responses(workspace, units).filter(survey=survey)
    order = dict(responses.values_list("pk", "submitted_at"))
    protected = survey.perspective in PROTECTED_PERSPECTIVES
    threshold = workspace.anonymity_threshold
    head = {"survey": survey.code, "title": survey.title, "perspective": survey.perspective,
            "version": survey.version, "n": len(order)}  # fmt: skip
    if protected and 0 < len(order) < threshold:  # too few respondents for any figure
        return {**head, "n": None, "suppressed": True, "questions": [], "rows": [],
                "surveys": surveys(workspace)}  # fmt: skip
    given = (
        summary.Given(*values)
        for values in Answer.objects.filter(workspace=workspace, response__in=responses)
        .values_list("response_id", "item", "kind", "value_num", "value_text")
        .iterator(chunk_size=5000)
    )
    rule = summary.TextRule(protected, threshold, COMMENT_THRESHOLD)
    sections = summary.summarise(asked(survey), given, rule, order)
    return {**head, "questions": sections, "rows": summary.flat_rows(sections),
            "surveys": surveys(workspace)}  # fmt: skip


def _pct(value: float) -> str:
    return f"{value:.0f}\u00a0%"


def _said(o: dict[str, Any]) -> str:
    if o["share"] is None:
        return "—"
    return f"{_pct(o['share'])} ({o['ci_low']:.0f} … {_pct(o['ci_high'])})"


def sentence(doc: dict[str, Any], _by: str | None, _params: Any) -> str:
    """How many responded; then the first choice question's most chosen answer, called "most
    chosen" only when its interval lies above every other option's."""
    if not doc.get("survey"):
        return "No survey has responses yet: choose one to see what each question was answered."
    n = doc.get("n") or 0
    said = f"{n:,} {'response' if n == 1 else 'responses'} to “{doc['title']}”."
    for q in doc.get("questions", []):
        if q.get("shape") not in ("single", "multiple") or q.get("suppressed") or not q.get("n"):
            continue
        options = sorted(q["options"], key=lambda o: o["count"], reverse=True)
        if not options or not options[0]["count"]:
            continue
        top, rest = options[0], options[1:]
        about = f"“{q['text']}” ({q['n']:,} answered)"
        # every other option counts, those nobody chose too: their intervals reach above zero
        tied = [o for o in rest if o["ci_high"] >= top["ci_low"]]
        if not tied:
            return f"{said} The most chosen answer to {about} is “{top['label']}”: {_said(top)}."
        chosen = [o for o in tied if o["count"]]
        lead = f"{said} To {about}, “{top['label']}” was chosen most, {_said(top)}"
        if not chosen:
            return f"{lead}, but too few answered to tell it apart from the answers nobody chose."
        names = ", ".join(f"“{o['label']}” {_said(o)}" for o in chosen)
        return f"{lead}, but not beyond doubt more than {names}: their intervals overlap."
    return said


def _figure(part: dict[str, Any]) -> str:
    if part.get("suppressed"):
        return "hidden: too few respondents"
    if part.get("mean") is not None:
        low, high = part.get("ci_low"), part.get("ci_high")
        interval = f" ({low:.2f} … {high:.2f})" if low is not None and high is not None else ""
        return f"mean {part['mean']:.2f}{interval}, n = {part['n']:,}"
    if "answers" in part:
        return f"texts: {part['answers']:,}, n = {part['n']:,}"
    if part.get("first"):
        return f"{part['first']} to {part['last']}, n = {part['n']:,}"
    return f"n = {part['n']:,}"


def text(doc: dict[str, Any]) -> list[str]:
    """The CLI's reading: each question, then its answers, one a line."""
    if not doc.get("survey"):
        return ["no survey with responses yet (n = 0)"]
    if doc.get("suppressed"):
        return [f"{doc['survey']}: hidden, fewer respondents than the anonymity threshold"]
    lines = [f"{doc['survey']} “{doc['title']}”: {doc['n']:,} responses"]
    for number, q in enumerate(doc["questions"], 1):
        lines.append(f"{number}. {q['question']} {q['text']} ({q['shape']}): {_figure(q)}")
        for part in q.get("rows") or [q]:
            indent = "   "
            if part is not q:
                lines.append(f"   {part['label']}: {_figure(part)}")
                indent = "      "
            for o in part.get("options") or part.get("distribution") or []:
                lines.append(f"{indent}{o['label']}\t{o['count']:,}\t{_said(o)}")
        lines += [f"   | {t}" for t in q.get("texts") or []]
    return lines


SHAPES = {
    "single": "One answer",
    "multiple": "Several answers",
    "matrix": "One answer per row",
    "multiple_matrix": "Several answers per row",
    "ranking": "Ranking: each item's mean rank (1 is first)",
    "scale": "Rating",
    "number": "Number",
    "date": "Date",
    "text": "Text",
}


def chart(doc: dict[str, Any], _by: str | None, _scale_max: int) -> list[Any]:
    """The sections the page draws (surveys/answers_chart.html): the questions, each with its
    shape in words; with no question, one blank section so the survey select still shows."""
    questions = [
        {**_shown(q), "shape_label": SHAPES[q["shape"]],
         "rows": [_shown(r) for r in q.get("rows") or []]}
        for q in doc.get("questions") or []
    ]  # fmt: skip
    return questions or ([{"shape": "none"}] if doc.get("surveys") else [])


SHOWN = ("n", "mean", "ci_low", "ci_high", "first", "last", "answers", "texts", "texts_note",
         "suppressed")  # fmt: skip


def _shown(part: dict[str, Any]) -> dict[str, Any]:
    """A section or row with every key the template reads (None where it has none) and its
    answers' bars under ``listed``."""
    return {**dict.fromkeys(SHOWN), **part,
            "listed": part.get("options") or part.get("distribution") or []}  # fmt: skip


KIND = ReportKind(
    name="answers",
    title="Answers",
    heading="What each question was answered",
    reading=(
        "For each question of one survey, in its order: how many chose each answer, with its "
        "share of the n respondents who answered the question and its 95 % interval (several "
        "answers may be ticked, so shares may add up to more than 100 %); for ratings and "
        "numbers the mean with its 95 % interval and how often each value was given; for "
        "dates their range and count by month; for rankings each item's mean rank; for texts "
        "how many were written."
    ),
    builder="servicegap.surveys.report:build",
    filtered=False,
    params=(SURVEY, UNIT),
    chart=chart,
    text=text,
    chart_template="surveys/answers_chart.html",
    empty="No survey with responses yet: choose a survey that has some (n = 0).",
    labels=(
        ("question_text", "Question"),
        ("number", "No."),
        ("row_label", "Row"),
        ("answer", "Answer"),
        ("count", "Chosen (count)"),
        ("share_pct", "Share"),
        ("share_ci", "Share: 95 % interval"),
        ("answers", "Texts written"),
        ("question", "Question code"),
        ("row", "Row code"),
        ("option", "Answer code"),
    ),
    sentence="servicegap.surveys.report:sentence",
    lead=("answer", "share_pct", "share_ci_low", "count", "n", "mean", "ci_low"),
    sort="number",
    order=97,
)
