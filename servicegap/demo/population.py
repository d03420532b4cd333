"""Who the demo's people are and when things happen: drawn with numpy, no Django.

``draw_population`` makes the customers (branch, segment, satisfaction, when they were lost),
employees and leaders; ``Timeline`` maps the 365 days before ``end`` to UTC seconds, season and
working-day weights in the workspace time zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np

from servicegap.demo import story, texts

DAY = 86_400
DAYS = 365
WEEKDAY_WEIGHT = np.array([1.0, 1.0, 1.0, 1.0, 1.05, 0.8, 0.25])  # Monday .. Sunday


@dataclass
class Population:
    cust_branch: np.ndarray  # index into story.BRANCHES
    cust_fleet: np.ndarray  # bool
    cust_age: list[str]
    cust_sat: np.ndarray  # latent satisfaction, added to every rating they give
    cust_lost_day: np.ndarray  # day they stopped coming (inf: still a customer)
    cust_weight: np.ndarray  # how often they deal with us, normalised
    cust_names: list[str]
    emp_branch: np.ndarray
    emp_dept: np.ndarray  # index into story.DEPARTMENTS
    emp_bias: np.ndarray
    emp_names: list[tuple[str, str]]  # (first name, surname)
    lead_branch: np.ndarray  # -1: group HQ
    lead_title: list[str]
    lead_bias: np.ndarray
    lead_names: list[str]


def draw_population(rng: np.random.Generator) -> Population:
    n = story.CUSTOMERS
    branch = rng.choice(len(story.BRANCHES), size=n, p=[0.36, 0.38, 0.26])
    fleet = rng.random(n) < story.P_FLEET
    bands = [band for band, _ in story.AGE_BANDS]
    weights = [share for _, share in story.AGE_BANDS]
    age = [bands[i] for i in rng.choice(len(bands), size=n, p=weights)]
    sat = rng.normal(0.0, 0.45, n)
    # Unhappy customers are more likely to be lost; they stop somewhere in months 2-11.
    p_lost = 1.0 / (1.0 + np.exp(2.3 + 2.2 * sat))
    lost = rng.random(n) < p_lost
    lost_day = np.where(lost, rng.uniform(60, 330, n), np.inf)
    weight = np.where(fleet, 3.0, 1.0) * np.exp(0.4 * sat)
    first = rng.choice(len(texts.FIRST_NAMES), size=n)
    last = rng.choice(len(texts.SURNAMES), size=n)
    cust_names = [
        f"{texts.FIRST_NAMES[a]} {texts.SURNAMES[b]}" for a, b in zip(first, last, strict=True)
    ]

    emp_branch, emp_dept, emp_names = [], [], []
    for b in range(len(story.BRANCHES)):
        per_branch = sum(d[2] for d in story.DEPARTMENTS)
        firsts = rng.choice(len(texts.FIRST_NAMES), size=per_branch, replace=False)
        lasts = rng.choice(len(texts.SURNAMES), size=per_branch)
        i = 0
        for d, (_code, _name, count, _title) in enumerate(story.DEPARTMENTS):
            for _ in range(count):
                emp_branch.append(b)
                emp_dept.append(d)
                emp_names.append((texts.FIRST_NAMES[firsts[i]], texts.SURNAMES[lasts[i]]))
                i += 1
    lead_branch = [-1] * len(story.LEADERS_HQ)
    lead_title = list(story.LEADERS_HQ)
    for b in range(len(story.BRANCHES)):
        lead_branch += [b] * len(story.LEADERS_BRANCH)
        lead_title += story.LEADERS_BRANCH
    n_lead = len(lead_branch)
    lf = rng.choice(len(texts.FIRST_NAMES), size=n_lead)
    ll = rng.choice(len(texts.SURNAMES), size=n_lead)
    return Population(
        cust_branch=branch,
        cust_fleet=fleet,
        cust_age=age,
        cust_sat=sat,
        cust_lost_day=lost_day,
        cust_weight=weight / weight.sum(),
        cust_names=cust_names,
        emp_branch=np.array(emp_branch),
        emp_dept=np.array(emp_dept),
        emp_bias=rng.normal(0.0, 0.35, len(emp_branch)),
        emp_names=emp_names,
        lead_branch=np.array(lead_branch),
        lead_title=lead_title,
        lead_bias=rng.normal(0.0, 0.25, n_lead),
        lead_names=[
            f"{texts.FIRST_NAMES[a]} {texts.SURNAMES[b]}" for a, b in zip(lf, ll, strict=True)
        ],
    )


class Timeline:
    """The 365 days before ``end`` (a date, UTC midnight), in the workspace's time zone."""

    def __init__(self, end: dt.date, time_zone: str = story.TIME_ZONE) -> None:
        zone = ZoneInfo(time_zone)
        self.end = end
        self.start_date = end - dt.timedelta(days=DAYS)
        start = dt.datetime.combine(self.start_date, dt.time(), tzinfo=dt.UTC)
        self.start = int(start.timestamp())
        dates = [self.start_date + dt.timedelta(days=d) for d in range(DAYS)]
        self.dates = dates
        self.month = np.array([d.month - 1 for d in dates])
        weekday = np.array([d.weekday() for d in dates])
        noon = [dt.datetime.combine(d, dt.time(12), tzinfo=zone) for d in dates]
        self.utc_offset = np.array([int(t.utcoffset().total_seconds()) for t in noon])  # type: ignore[union-attr]
        self.weekday_weight = WEEKDAY_WEIGHT[weekday]
        self.action_day = DAYS - story.ACTION_START_DAYS_BEFORE_END
        wave = np.zeros(DAYS)
        for first, length in story.WAVES:
            wave[first : first + length] = 1.0
        self._profiles = {
            "BUY": self._norm(np.array(story.SALES_SEASON)[self.month] * self.weekday_weight),
            "SVC": self._norm(np.array(story.SERVICE_SEASON)[self.month] * self.weekday_weight),
            "wave": self._norm(wave * self.weekday_weight),
        }
        self.busy = {
            j: np.isin(self.month, months).astype(float) for j, months in story.BUSY_MONTHS.items()
        }

    @staticmethod
    def _norm(w: np.ndarray) -> np.ndarray:
        return w / w.sum()

    def days(self, rng: np.random.Generator, n: int, profile: str) -> np.ndarray:
        return rng.choice(DAYS, size=n, p=self._profiles[profile])

    def seconds(self, rng: np.random.Generator, day: np.ndarray) -> np.ndarray:
        """UTC epoch seconds of a moment in local opening hours (08:00-19:30) on each day."""
        local = rng.integers(8 * 3600, 19 * 3600 + 1800, size=len(day))
        return self.start + day.astype(np.int64) * DAY + local - self.utc_offset[day]

    def improvement(self, day: np.ndarray) -> np.ndarray:
        """How far the improved standard has moved up after the action started."""
        ramp = (day - self.action_day) / story.IMPROVEMENT_RAMP_DAYS
        return story.IMPROVEMENT * np.clip(ramp, 0.0, 1.0)

    def date_of(self, day: int) -> dt.date:
        return self.dates[int(day)]
