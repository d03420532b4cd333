"""The loyalty pages' SVG drawings as plain numbers (pure: no Django); the templates draw them.

- ``quadrant``: attitude (the latest recommend answer, 0–10) across, p_alive up, a dot per
  customer sized by lifetime value: the drug-store picture, captive customers top left;
- ``bars``: lost lifetime value by touchpoint and standard, longest first;
- ``timeline``: one customer's events on a time axis, a lane per kind of event.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from servicegap.loyalty.groups import NAMES, Thresholds

WIDTH, HEIGHT = 640, 400
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 28, 44


def _jitter(code: str) -> float:
    """A stable offset in −0.35…0.35 so customers with the same answer do not hide each other."""
    return (zlib.crc32(code.encode()) % 1000) / 1000 * 0.7 - 0.35


def quadrant(
    rows: Sequence[Mapping[str, Any]],
    groups: Mapping[str, Mapping[str, Any]],
    t: Thresholds,
    currency: str,
) -> dict[str, Any]:
    """The quadrant's points, split lines and corner labels in a WIDTH × HEIGHT box."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(nps: float) -> float:
        return round(LEFT + (nps + 0.5) / 11 * plot_w, 1)

    def y(p: float) -> float:
        return round(TOP + (1 - p) * plot_h, 1)

    shown = [r for r in rows if r.get("nps") is not None]
    top = max((float(r["clv"] or 0) for r in shown), default=0.0) or 1.0
    points = [
        {
            "x": x(float(r["nps"]) + _jitter(str(r["customer"]))),
            "y": y(float(r["p_alive"])),
            "r": round(2.5 + 6 * math.sqrt(max(float(r["clv"] or 0), 0) / top), 1),
            "group": r["group"],
            "label": f"{r['customer']}: {NAMES[r['group']]}, recommend {r['nps']:g}, "
            f"p_alive {float(r['p_alive']):.2f}, lifetime value {currency} {float(r['clv'] or 0):,.0f}",
        }
        for r in shown
    ]

    def corner(group: str) -> str:
        g = groups[group]
        return f"{NAMES[group]}: {g['customers']} · {currency} {g['clv']:,.0f}"

    return {
        "width": WIDTH,
        "height": HEIGHT,
        "points": points,
        "x_ticks": [{"x": x(v), "label": str(v)} for v in range(0, 11, 2)],
        "y_ticks": [{"y": y(v / 4), "label": f"{v / 4:.2f}"} for v in range(5)],
        "splits_x": [x(6.5), x(8.5)],
        "splits_y": [y(t.fading), y(t.lost)],
        "plot": {"left": LEFT, "right": WIDTH - RIGHT, "top": TOP, "bottom": HEIGHT - BOTTOM},
        "corners": [
            {
                "x": LEFT + 4,
                "y": TOP - 10,
                "anchor": "start",
                "text": corner("captive"),
                "group": "captive",
            },
            {
                "x": WIDTH - RIGHT - 4,
                "y": TOP - 10,
                "anchor": "end",
                "text": corner("loyal"),
                "group": "loyal",
            },
        ],  # fmt: skip
        "lost_label": {"x": WIDTH - RIGHT - 4, "y": y(t.lost) + 14, "text": corner("lost")},
        "x_title_y": HEIGHT - 6,
        "tick_y": HEIGHT - BOTTOM + 16,
        "unplotted": len(rows) - len(shown),
    }


def bars(rows: Sequence[Mapping[str, Any]], currency: str, limit: int = 10) -> dict[str, Any]:
    """Horizontal bars of ``lost_clv`` for the first ``limit`` rows (they come most first), each
    under its label so a long name never pushes the bar off a phone's screen."""
    rows = [r for r in rows if r["lost_clv"] > 0][:limit]
    top = max((r["lost_clv"] for r in rows), default=0.0) or 1.0
    step, left = 36, 8
    out = []
    for i, r in enumerate(rows):
        place = r.get("touchpoint_name") or r.get("touchpoint")
        standard = r.get("standard_name") or r.get("standard")
        label = " · ".join(p for p in (place, standard) if p) or "No bad experience recorded"
        out.append({
            "text_y": 14 + i * step, "bar_y": 20 + i * step,
            "width": round(max(r["lost_clv"] / top, 0.005) * (WIDTH - 2 * left), 1),
            "label": label, "value": f"{currency} {r['lost_clv']:,.0f} ({r['customers']})",
        })  # fmt: skip
    return {"bars": out, "height": 8 + len(out) * step, "left": left, "width": WIDTH}


LANES = ("transaction", "response", "feedback", "case")
LANE_NAMES = {"transaction": "Purchases", "response": "Survey answers", "feedback": "Feedback",
              "case": "Cases"}  # fmt: skip


def timeline(events: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Each event (``kind`` one of LANES, ``day`` a date, ``label``, ``bad``) as a mark in its
    lane; the axis runs from the first event's day to the last's."""
    if not events:
        return {"marks": [], "lanes": [], "ticks": [], "width": WIDTH, "height": 0}
    first: date = min(e["day"] for e in events)
    last: date = max(e["day"] for e in events)
    span = max((last - first).days, 1)
    left, right, lane_h = 110, 12, 30
    plot_w = WIDTH - left - right

    def x(day: date) -> float:
        return round(left + (day - first).days / span * plot_w, 1)

    lanes = [{"name": LANE_NAMES[k], "y": 20 + i * lane_h} for i, k in enumerate(LANES)]
    marks = [
        {"x": x(e["day"]), "y": 20 + LANES.index(e["kind"]) * lane_h, "label": e["label"],
         "bad": bool(e.get("bad"))}
        for e in events
    ]  # fmt: skip
    ticks = [{"x": x(first), "label": first.isoformat(), "anchor": "start"},
             {"x": x(last), "label": last.isoformat(), "anchor": "end"}]  # fmt: skip
    height = 20 + len(LANES) * lane_h + 10
    return {"marks": marks, "lanes": lanes, "ticks": ticks, "width": WIDTH, "height": height,
            "tick_y": height - 4, "left": left, "right": WIDTH - right}  # fmt: skip
