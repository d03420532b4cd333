"""What the loyalty reports read about each customer up to a date: their latest recommend answer,
exit-survey answers, misery moments and below-need ratings, compliments and complaints, comments
and referrals. Each function is one or two queries; the figures are computed in groups.py,
returns.py and lost.py.

"Up to ``as_of``" is up to the end of that day in the workspace's time zone; only customer
responses of customers (a respondent) count.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q

from servicegap.core.models import Workspace
from servicegap.feedback.models import Feedback
from servicegap.loyalty.models import Transaction
from servicegap.people.models import Person
from servicegap.surveys.models import Answer, Question, SurveyTemplate
from servicegap.text import show

EXIT = SurveyTemplate.EXIT


def end_of(workspace: Workspace, day: date) -> datetime:
    """The first instant after ``day`` in the workspace's time zone."""
    zone = ZoneInfo(workspace.time_zone or "UTC")
    return datetime.combine(day + timedelta(days=1), time.min, zone)


def _answers(workspace: Workspace, as_of: date):
    return Answer.objects.of(workspace).filter(
        response__perspective="customer",
        response__respondent__isnull=False,
        response__submitted_at__lt=end_of(workspace, as_of),
    )


def codes(workspace: Workspace) -> dict[int, str]:
    return dict(Person.objects.of(workspace).values_list("id", "code"))


def latest_nps(workspace: Workspace, as_of: date) -> dict[str, float]:
    """Customer code → their latest recommend answer (0–10) up to ``as_of``."""
    rows = (
        _answers(workspace, as_of)
        .filter(kind="nps", value_num__isnull=False)
        .values_list(
            "response__respondent__code", "response__submitted_at", "response_id", "value_num"
        )
    )
    latest: dict[str, tuple] = {}
    for code, at, rid, value in rows.iterator(chunk_size=5000):
        if code not in latest or (at, rid) > latest[code][:2]:
            latest[code] = (at, rid, value)
    return {code: float(v[2]) for code, v in latest.items()}


def exit_reasons(workspace: Workspace, as_of: date) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Customer code → the reasons their exit answers picked (a customer who answered an exit
    survey without a reason has an empty set), and reason code → its label."""
    exits = _answers(workspace, as_of).filter(response__survey__template=EXIT)
    picked: dict[str, set[str]] = defaultdict(set)
    for code, kind, text in exits.values_list("response__respondent__code", "kind", "value_text"):
        picked[code]  # every exit respondent is lost, a reason or not
        if kind == "choice" and text:
            picked[code].add(text)
    labels: dict[str, str] = {}
    questions = Question.objects.of(workspace).filter(survey__template=EXIT, kind="choice")
    for options in questions.values_list("options", flat=True):
        for option in options or []:
            if isinstance(option, dict) and option.get("code"):
                labels.setdefault(str(option["code"]), str(option.get("label") or option["code"]))
    return dict(picked), labels


def bad_experiences(
    workspace: Workspace, as_of: date
) -> dict[str, list[tuple[datetime, str, str]]]:
    """Customer code → their bad experiences up to ``as_of``, oldest first: (when, touchpoint
    code, standard code), from misery moments (the response's touchpoint) and ratings of a
    standard's experience below its expectation in the same response."""
    found: dict[str, list[tuple[datetime, str, str]]] = defaultdict(list)
    moments = _answers(workspace, as_of).filter(kind="moment", value_text="misery")
    for code, at, tp in moments.values_list(
        "response__respondent__code", "response__submitted_at", "response__touchpoint__code"
    ):
        found[code].append((at, tp or "", ""))
    rated: dict[tuple[int, str], dict[str, float]] = defaultdict(dict)
    meta: dict[int, tuple[str, datetime, str]] = {}
    ratings = _answers(workspace, as_of).filter(
        kind__in=("expectation", "experience"), value_num__isnull=False
    )
    for rid, code, at, tp, item, kind, value in ratings.values_list(
        "response_id", "response__respondent__code", "response__submitted_at",
        "response__touchpoint__code", "item", "kind", "value_num",
    ).iterator(chunk_size=5000):  # fmt: skip
        rated[(rid, item)][kind] = value
        meta[rid] = (code, at, tp or "")
    for (rid, item), pair in rated.items():
        if len(pair) == 2 and pair["experience"] < pair["expectation"]:
            code, at, tp = meta[rid]
            found[code].append((at, tp, item))
    for events in found.values():
        events.sort()
    return dict(found)


def feedback_counts(workspace: Workspace, as_of: date) -> dict[str, dict[str, int]]:
    """Customer code → their compliments and complaints up to ``as_of``."""
    rows = Feedback.objects.of(workspace).filter(
        person__isnull=False, kind__in=("compliment", "complaint"),
        submitted_at__lt=end_of(workspace, as_of),
    )  # fmt: skip
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"compliment": 0, "complaint": 0})
    for code, kind in rows.values_list("person__code", "kind"):
        out[code][kind] += 1
    return dict(out)


def comments(workspace: Workspace, as_of: date, customers: set[str], limit: int = 20) -> list[dict]:
    """The latest free-text answers and feedback of these customers up to ``as_of``."""
    texts = (
        _answers(workspace, as_of)
        .filter(kind="text", response__respondent__code__in=customers)
        .exclude(value_text="")
        .order_by("-response__submitted_at", "-pk")
        .values_list("response__respondent__code", "response__submitted_at", "value_text")[:limit]
    )
    said = [{"customer": c, "at": at, "text": t} for c, at, t in texts]
    notes = (
        Feedback.objects.of(workspace)
        .filter(person__code__in=customers, submitted_at__lt=end_of(workspace, as_of))
        .order_by("-submitted_at", "-pk")
        .values_list("person__code", "submitted_at", "text")[:limit]
    )
    said += [{"customer": c, "at": at, "text": t} for c, at, t in notes]
    said.sort(key=lambda s: s["at"], reverse=True)
    return [
        {**s, "at": s["at"].date().isoformat(), "text": show.redact(s["text"])}
        for s in said[:limit]
    ]


def themes(workspace: Workspace, as_of: date, customers: set[str], limit: int = 8) -> list[dict]:
    """The themes the text engine found in these customers' comments up to ``as_of``: how many of
    their labelled comments carry each, most frequent first (docs/text.md)."""
    from servicegap.text.models import Enrichment, Tag  # noqa: PLC0415

    end = end_of(workspace, as_of)
    theirs = Q(
        answer__response__respondent__code__in=customers, answer__response__submitted_at__lt=end
    ) | Q(feedback__person__code__in=customers, feedback__submitted_at__lt=end)
    labelled = Enrichment.objects.of(workspace).filter(theirs)
    n = labelled.count()
    counts = (
        Tag.objects.of(workspace)
        .filter(field="theme", enrichment__in=labelled)
        .values("value")
        .annotate(k=Count("enrichment", distinct=True))
        .order_by("-k", "value")[:limit]
    )
    return [{"theme": c["value"], "n": c["k"], "of": n} for c in counts]


def referrers(workspace: Workspace) -> list[str]:
    """One referrer's code per referred customer."""
    return list(
        Person.objects.of(workspace)
        .filter(referred_by__isnull=False)
        .values_list("referred_by__code", flat=True)
    )


def names(workspace: Workspace) -> dict[str, str]:
    """Touchpoint and standard code → name, for the sentences (standards win a shared code)."""
    from servicegap.journeys.models import Touchpoint  # noqa: PLC0415
    from servicegap.standards.models import Standard  # noqa: PLC0415

    found = dict(Touchpoint.objects.of(workspace).values_list("code", "name"))
    found.update(Standard.objects.of(workspace).values_list("code", "title"))
    return found


def _day(workspace: Workspace):
    zone = ZoneInfo(workspace.time_zone or "UTC")
    return lambda at: at.astimezone(zone).date()


def nps_history(workspace: Workspace, as_of: date) -> dict[str, list[tuple[date, float]]]:
    """Customer code → every recommend answer up to ``as_of``: (day, value)."""
    day = _day(workspace)
    rows = (
        _answers(workspace, as_of)
        .filter(kind="nps", value_num__isnull=False)
        .values_list("response__respondent__code", "response__submitted_at", "value_num")
    )
    found: dict[str, list[tuple[date, float]]] = defaultdict(list)
    for code, at, value in rows.iterator(chunk_size=5000):
        found[code].append((day(at), float(value)))
    return dict(found)


def bad_days(workspace: Workspace, as_of: date) -> dict[str, list[tuple[date, str, str]]]:
    """``bad_experiences`` by day in the workspace's time zone."""
    day = _day(workspace)
    return {
        code: [(day(at), tp, std) for at, tp, std in events]
        for code, events in bad_experiences(workspace, as_of).items()
    }


def purchases(workspace: Workspace, as_of: date) -> dict[str, list[tuple[date, float]]]:
    """Customer code → their transactions up to ``as_of``: (day, amount)."""
    rows = (
        Transaction.objects.of(workspace)
        .filter(date__lte=as_of)
        .values_list("customer__code", "date", "amount")
    )
    found: dict[str, list[tuple[date, float]]] = defaultdict(list)
    for code, when, amount in rows.iterator(chunk_size=5000):
        found[code].append((when, float(amount)))
    return dict(found)
