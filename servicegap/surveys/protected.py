"""Who may put protected answers in: the trust boundary of the anonymity rule (docs/anonymity.md).

A workspace member who could add employee, leader or internal answers could pad a group that is
hidden for having one respondent past the threshold with invented respondents, then subtract the
invented answers from the figure shown. So protected responses come only from the respondents
themselves (signed-in or invited, on the survey pages) or from what the installation
administrator runs: the CLI, and API keys of scope ``ingest-protected``, which only the CLI
creates. The Imports page refuses them. Each accepted import or API call is audited with its
counts and recorded per month, so report pages of those months say they include imported answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from zoneinfo import ZoneInfo

from servicegap.core.audit import record
from servicegap.core.models import Workspace
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.surveys.models import ProtectedImport, Response

SCOPE = "ingest-protected"


def web_refusal(perspective: str) -> str:
    """Why the Imports page refuses a protected response (one sentence)."""
    return (
        f"{perspective} answers are held anonymously and cannot be imported on this page "
        "(invented answers could reveal a real one); the installation administrator can import "
        "them with `servicegap import`"
    )


def api_refusal(perspective: str) -> str:
    return (
        f"{perspective} responses need an API key of scope {SCOPE}, which the installation "
        f"administrator creates with `servicegap apikey create --scope {SCOPE}`"
    )


def note_imported(
    workspace: Workspace, responses: Iterable[Response], channel: str, actor: object
) -> int:
    """Record the protected ones among ``responses`` (just stored, in the caller's transaction):
    one audit entry with the counts and a row per perspective and month. Returns their number."""
    zone = ZoneInfo(workspace.time_zone or "UTC")
    counts: Counter[tuple[str, date]] = Counter()
    for r in responses:
        if r.perspective in PROTECTED_PERSPECTIVES:
            counts[(r.perspective, r.submitted_at.astimezone(zone).date().replace(day=1))] += 1
    if not counts:
        return 0
    entry = record(
        workspace,
        actor,
        "responses.import-protected",
        channel=channel,
        responses=sum(counts.values()),
        months={f"{p}:{m:%Y-%m}": n for (p, m), n in sorted(counts.items())},
    )
    ProtectedImport.objects.bulk_create(
        ProtectedImport(
            workspace=workspace,
            channel=channel,
            actor=entry.actor,
            perspective=perspective,
            month=month,
            responses=n,
        )
        for (perspective, month), n in sorted(counts.items())
    )
    return sum(counts.values())


def imported_note(
    workspace: Workspace, perspectives: Iterable[str], date_from: date | None, date_to: date | None
) -> str:
    """One sentence for a report page whose window holds imported protected answers; "" if none."""
    rows = ProtectedImport.objects.of(workspace).filter(perspective__in=list(perspectives))
    if date_from is not None:
        rows = rows.filter(month__gte=date_from.replace(day=1))
    if date_to is not None:
        rows = rows.filter(month__lte=date_to)
    found = list(rows.values_list("perspective", "month", "responses"))
    if not found:
        return ""
    total = sum(n for _, _, n in found)
    kinds = " and ".join(sorted({p for p, _, _ in found}))
    months = ", ".join(sorted({f"{m:%Y-%m}" for _, m, _ in found}))
    return (
        f"This period includes {total} {kinds} responses imported by the installation "
        f"administrator (CLI or API) rather than given by the respondents on a survey page "
        f"({months}); the audit log lists each import."
    )
