"""The registry of scheduled jobs: what runs, how often. Pure: no Django import.

A job names a callable by its dotted path (a plain function or a django-tasks ``Task``), so this
module can be read without loading the apps. Times are UTC. The scheduler
(``servicegap.runtime.scheduler``) fires each job once per due time, across all worker processes.

A capability declares its jobs in its AppConfig (``jobs = (Job("name", daily("04:30"),
"servicegap.x.tasks.fn"),)``, see ``servicegap.core.capabilities``), which registers them here
when the app is ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal


@dataclass(frozen=True)
class Cadence:
    """Every minute, hourly at ``minute``, or daily at ``hour:minute`` UTC."""

    every: Literal["minutely", "hourly", "daily"]
    hour: int = 0
    minute: int = 0

    def __post_init__(self) -> None:
        if self.every not in ("minutely", "hourly", "daily"):
            raise ValueError(f"unknown cadence {self.every!r}")
        if not (0 <= self.hour < 24 and 0 <= self.minute < 60):
            raise ValueError(f"no such time of day {self.hour:02d}:{self.minute:02d}")

    def last_due(self, now: datetime) -> datetime:
        """The most recent due time at or before ``now`` (aware, UTC, whole minutes)."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        now = now.astimezone(UTC)
        if self.every == "minutely":
            return now.replace(second=0, microsecond=0)
        if self.every == "hourly":
            due = now.replace(minute=self.minute, second=0, microsecond=0)
            return due if due <= now else due - timedelta(hours=1)
        due = now.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)
        return due if due <= now else due - timedelta(days=1)

    def next_due(self, now: datetime) -> datetime:
        steps = {"minutely": timedelta(minutes=1), "hourly": timedelta(hours=1)}
        step = steps.get(self.every, timedelta(days=1))
        return self.last_due(now) + step

    def __str__(self) -> str:
        if self.every == "minutely":
            return "every minute"
        if self.every == "hourly":
            return f"hourly at minute {self.minute:02d}"
        return f"daily at {self.hour:02d}:{self.minute:02d} UTC"


def daily(at: str) -> Cadence:
    """``daily("03:00")``: once a day at that UTC time."""
    hour, _, minute = at.partition(":")
    return Cadence("daily", int(hour), int(minute or 0))


def minutely() -> Cadence:
    """Every minute (the scheduler looks twice a minute, so a run may start up to 30 s late)."""
    return Cadence("minutely")


def hourly(minute: int = 0) -> Cadence:
    return Cadence("hourly", 0, minute)


@dataclass(frozen=True)
class Job:
    name: str
    cadence: Cadence
    target: str  # dotted path of a function or django-tasks Task taking no arguments


_JOBS: dict[str, Job] = {}


def register(job: Job) -> Job:
    if job.name in _JOBS and _JOBS[job.name] != job:
        raise ValueError(f"a different job named {job.name!r} is already registered")
    _JOBS[job.name] = job
    return job


def jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda j: j.name)


def due(now: datetime) -> list[tuple[Job, datetime]]:
    """Each job with its most recent due time; the scheduler claims the ones not yet run."""
    return [(job, job.cadence.last_due(now)) for job in jobs()]
