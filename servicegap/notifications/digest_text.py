"""The digest e-mail's words: pure, no Django. ``digest.py`` gathers the figures.

Every figure carries its n and its 95 % interval, as on the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class GapLine:
    code: str
    title: str
    gap: float | None  # experience minus expectation (or target); negative: short
    ci_low: float | None
    ci_high: float | None
    n: int


@dataclass(frozen=True)
class AlertLine:
    what: str  # "standard CALLBACK"
    period: str
    measure: str
    value: str
    expected: str
    change: str  # "down (worse)"


@dataclass(frozen=True)
class CaseLine:
    number: int
    title: str
    unit: str
    due_at: datetime


@dataclass(frozen=True)
class ActionLine:
    code: str
    title: str
    change: float
    ci_low: float
    ci_high: float
    n_after: int


@dataclass
class Digest:
    workspace: str
    frequency: str  # "daily" or "weekly"
    period: str
    gaps: list[GapLine] = field(default_factory=list)
    alerts: list[AlertLine] = field(default_factory=list)
    overdue: list[CaseLine] = field(default_factory=list)
    overdue_total: int = 0
    worked: list[ActionLine] | None = None  # None: improvement actions are not measured here
    link: str = ""


def period_of(frequency: str, day: date) -> str:
    """The period a digest covers, unique per person: the day, or the ISO week."""
    if frequency == "daily":
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def window(frequency: str) -> timedelta:
    return timedelta(days=1) if frequency == "daily" else timedelta(days=7)


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}"


def subject(d: Digest) -> str:
    what = "Daily" if d.frequency == "daily" else "Weekly"
    return f"{what} digest of {d.workspace}: {d.period}"


def body(d: Digest) -> str:
    lines = [
        f"{d.workspace}: the {d.frequency} digest for {d.period}.",
        "",
        "THE GAP (customers; experience minus expectation or target, 95 % interval, n answers)",
    ]
    shown = [g for g in d.gaps if g.gap is not None]
    if shown:
        lines += [
            f"- {g.code} {g.title}: {_num(g.gap)} ({_num(g.ci_low)} to {_num(g.ci_high)}), n={g.n}"
            for g in shown
        ]
    else:
        lines.append("- No customer ratings of published standards yet.")
    lines += ["", "NEW ALERTS (moved further than chance explains, by control chart)"]
    if d.alerts:
        lines += [
            f"- {a.what}, {a.period}: {a.measure} {a.value}, expected {a.expected}: {a.change}"
            for a in d.alerts
        ]
    else:
        lines.append("- None: every figure stayed within its control limits.")
    lines += ["", f"OVERDUE CASES ({d.overdue_total} past their due time and not closed)"]
    if d.overdue:
        lines += [
            f"- Case {c.number} ({c.unit or 'triage'}): {c.title}, due "
            f"{c.due_at:%Y-%m-%d %H:%M} UTC"
            for c in d.overdue
        ]
        if d.overdue_total > len(d.overdue):
            lines.append(f"- … and {d.overdue_total - len(d.overdue)} more.")
    else:
        lines.append("- None.")
    if d.worked is not None:
        lines += ["", "ACTIONS THAT WORKED (change of the mean experience, 95 % interval)"]
        if d.worked:
            lines += [
                f"- {a.code} {a.title}: {_num(a.change)} ({_num(a.ci_low)} to "
                f"{_num(a.ci_high)}), n={a.n_after} after"
                for a in d.worked
            ]
        else:
            lines.append("- None measured as worked yet.")
    lines += [
        "",
        f"Open ServiceGap: {d.link}" if d.link else "",
        "You get this digest as a leader or owner; choose daily, weekly or off on the Digest page.",
    ]
    return "\n".join(line for line in lines if line is not None) + "\n"
