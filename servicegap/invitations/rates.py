"""Response rates of invitations: per round (one send) and per survey.

The rate is answered / sent, with its 95 % Wilson interval and n = invitations sent (bounced
mail is not sent). "Opened" counts invitations whose link was opened (the answer page seen);
mail opens are not tracked, so a mail read but not clicked counts as not opened.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from servicegap.core.models import Workspace
from servicegap.invitations.models import Send
from servicegap.lib.proportions import share

ROUNDS_SHOWN = 20


@dataclass(frozen=True)
class Rate:
    sent: int
    opened: int
    answered: int
    pct: float | None  # answered per 100 sent; None when nothing was sent
    ci_low: float | None
    ci_high: float | None

    @property
    def n(self) -> int:
        return self.sent


def rate(sent: int, opened: int, answered: int) -> Rate:
    """A rate from counts; an answer to a mail counted as bounced still counts as sent."""
    n = max(sent, answered, 0)
    s = share(min(answered, n), n)
    return Rate(n, opened, answered, s.pct, s.ci_low, s.ci_high)


def _counted(sends):
    return sends.annotate(
        opened_n=Count("invitations", filter=Q(invitations__opened_at__isnull=False)),
        answered_n=Count("invitations", filter=Q(invitations__responded_at__isnull=False)),
    )


def survey_rates(workspace: Workspace, survey) -> tuple[Rate, list]:
    """The survey's rate over every round, and its latest rounds, each with ``.rate``."""
    rounds = list(
        _counted(Send.objects.of(workspace).filter(survey=survey))
        .select_related("schedule")
        .order_by("-created_at")
    )
    total = rate(
        sum(r.sent for r in rounds),
        sum(r.opened_n for r in rounds),
        sum(r.answered_n for r in rounds),
    )
    for r in rounds:
        r.rate = rate(r.sent, r.opened_n, r.answered_n)
    return total, rounds[:ROUNDS_SHOWN]


def per_survey(workspace: Workspace) -> list[tuple]:
    """(survey, rate) for every survey that has been sent, by title."""
    totals: dict[int, list] = {}
    for r in _counted(Send.objects.of(workspace)).select_related("survey"):
        entry = totals.setdefault(r.survey_id, [r.survey, 0, 0, 0])
        entry[1] += r.sent
        entry[2] += r.opened_n
        entry[3] += r.answered_n
    rows = [(s, rate(sent, opened, answered)) for s, sent, opened, answered in totals.values()]
    return sorted(rows, key=lambda row: row[0].title)
