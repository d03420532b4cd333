"""The first sentence of each report page: what matters, in plain words, with its numbers.

Each kind names its sentence in its declaration (``ReportKind.sentence``); the page, the PDF and
the home page print it above the figures. A sentence only claims what its figures support: a
gap is "below" or "above" only when its whole 95 % interval is, a difference between
perspectives only when its BH-adjusted test says so, otherwise the sentence says that chance
cannot be ruled out. Plain Python, no Django: each function takes the report's JSON document,
its ``by`` and its raw filters, and returns one or two sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicegap.reports.names import name_of

Doc = dict[str, Any]
Params = Mapping[str, str | None]
MINUS = "\u2212"

NOUNS = {"item": "standards", "dimension": "dimensions", "need": "needs and wants", "touchpoint": "touchpoints",
         "journey": "journeys", "unit": "units", "perspective": "perspectives",
         "period": "periods", "employee": "employees"}  # fmt: skip
WHO = {"customer": "Customers", "employee": "Employees", "leader": "Leaders",
       "internal": "Internal customers"}  # fmt: skip


def signed(value: float, places: int = 1) -> str:
    return f"{value:+.{places}f}".replace("-", MINUS)


def plain(value: float, places: int = 1) -> str:
    return f"{value:.{places}f}".replace("-", MINUS)


def interval(low: float | None, high: float | None, places: int = 1, pct: bool = False) -> str:
    if low is None or high is None:
        return ""
    unit = " %" if pct else ""
    return f"95 % interval {plain(low, places)} to {plain(high, places)}{unit}"


def _shown(doc: Doc) -> list[dict[str, Any]]:
    return [r for r in doc.get("rows", []) if isinstance(r, dict) and not r.get("suppressed")]


def _who(params: Params) -> str:
    return WHO.get(params.get("perspective") or "customer", "Customers")


def _below(row: dict[str, Any], low: str = "ci_low", high: str = "ci_high") -> bool:
    return row.get(high) is not None and row[high] < 0 and row.get(low) is not None


def _above(row: dict[str, Any], low: str = "ci_low") -> bool:
    return row.get(low) is not None and row[low] > 0


def gaps(doc: Doc, by: str | None, params: Params) -> str:
    """ "Customers get less than they expect on 7 of 12 standards; the widest gap is …"."""
    by = by or "item"
    who = _who(params)
    rows = [r for r in _shown(doc) if r.get("gap") is not None]
    if by == "period":
        return _trend(rows, who)
    if by == "perspective":
        return _sides(rows)
    if not rows:
        return (
            _targets(doc, by, who) or f"{who} have not rated both expectation and experience yet."
        )
    noun = NOUNS.get(by, "rows")
    below = [r for r in rows if _below(r)]
    above = [r for r in rows if _above(r)]
    if not below:
        text = f"On none of {len(rows)} {noun} do {who.lower()} get less than they expect"
        text += " beyond what chance explains"
        if above:
            text += f"; on {len(above)} they get more"
        return text + "."
    worst = min(below, key=lambda r: r["gap"])
    text = (
        f"{who} get less than they expect on {len(below)} of {len(rows)} {noun}. The widest gap "
        f"is {name_of(worst, by, by)} ({signed(worst['gap'], 2)} points, "
        f"{interval(worst['ci_low'], worst['ci_high'], 2)}, n = {worst['n']:,})"
    )
    if above:
        text += f"; on {len(above)} they get more than they expect"
    return text + "."


def _targets(doc: Doc, by: str, who: str) -> str:
    rows = [r for r in _shown(doc) if r.get("gap_vs_target") is not None]
    below = [r for r in rows if _below(r, "target_ci_low", "target_ci_high")]
    if not below:
        return ""
    worst = min(below, key=lambda r: r["gap_vs_target"])
    return (
        f"{who} rate {len(below)} of {len(rows)} {NOUNS.get(by, 'rows')} below the standard's "
        f"target; the furthest is {name_of(worst, by, by)} "
        f"({signed(worst['gap_vs_target'])} points, n = {worst['target_n']:,})."
    )


def _sides(rows: list[dict[str, Any]]) -> str:
    """One clause per perspective: below, above or about as expected."""
    said = []
    for r in rows:
        who = WHO.get(str(r.get("perspective")), str(r.get("perspective"))).lower()
        if _below(r):
            said.append(f"{who} get {plain(abs(r['gap']), 2)} points less than they expect")
        elif _above(r):
            said.append(f"{who} {plain(r['gap'], 2)} points more")
        else:
            said.append(f"{who} about what they expect")
    if not said:
        return "No perspective has rated both expectation and experience yet."
    return _capital("; ".join(said)) + "."


def _trend(rows: list[dict[str, Any]], who: str) -> str:
    if not rows:
        return f"{who} have not rated both expectation and experience in any period yet."
    last = rows[-1]
    text = f"In {last['period']} the gap was {signed(last['gap'])} points (n = {last['n']:,})"
    if last.get("change") is not None:
        if last.get("change_significant"):
            word = "narrower" if last["change"] > 0 else "wider"
            text += f", {word} than the period before by {plain(abs(last['change']))} points"
        else:
            text += ", no change from the period before beyond what chance explains"
    return text + "."


def perception(doc: Doc, by: str | None, params: Params) -> str:
    """ "Leaders rate 5 of 12 standards higher than customers; the widest difference is …"."""
    rows = [r for r in doc.get("rows", []) if (r.get("customer") or {}).get("n")]
    if not rows:
        return "Customers have not rated the experience yet."
    compared = [r for r in rows if (r.get("leader") or {}).get("mean") is not None]
    if not compared:
        return (
            "Leaders' ratings are not shown (too few leaders answered to keep them anonymous), "
            "so the leaders' view cannot be compared with the customers' yet."
        )
    higher = [
        r for r in compared
        if (r.get("significant") or {}).get("leader_vs_customer")
        and r["leader"]["mean"] > r["customer"]["mean"]
    ]  # fmt: skip
    if not higher:
        return (
            f"Leaders and customers rate all {len(compared)} standards alike, within what "
            "chance explains."
        )
    widest = max(higher, key=lambda r: r["leader"]["mean"] - r["customer"]["mean"])
    name = name_of(widest, "item", by or "item")
    return (
        f"Leaders rate {len(higher)} of {len(compared)} standards higher than customers do. "
        f"The widest difference is {name}: leaders {plain(widest['leader']['mean'], 2)}, "
        f"customers {plain(widest['customer']['mean'], 2)}."
    )


def drivers(doc: Doc, by: str | None, params: Params) -> str:
    rows = [r for r in _shown(doc) if r.get("importance") is not None]
    if not rows:
        return "Too few responses answered the outcome and the standards to tell what drives it."
    top = max(rows, key=lambda r: r["importance"])
    outcome = "the recommendation (NPS)" if params.get("outcome") == "nps" else "the overall rating"
    text = (
        f"{name_of(top, 'item', 'item')} explains most of {outcome} "
        f"({100 * top['importance']:.0f} % of what the standards explain, n = {doc.get('n', 0):,})."
    )
    fix = [name_of(r, "item", "item") for r in rows if r.get("quadrant") == "fix first"]
    if fix:
        return text + f" Fix first: {_list(fix)} (they matter and fall short beyond doubt)."
    return text + " No standard that matters falls short beyond doubt."


def kano(doc: Doc, by: str | None, params: Params) -> str:
    rows = _shown(doc)
    if not rows:
        return "No Kano pairs answered yet (a functional and a dysfunctional question per feature)."
    must = [name_of(r, "item", "item") for r in rows if r.get("category") == "M"]
    attractive = [name_of(r, "item", "item") for r in rows if r.get("category") == "A"]
    parts = []
    if must:
        parts.append(f"Must-be, missing it angers customers: {_list(must)}.")
    if attractive:
        parts.append(f"Attractive, it would delight them: {_list(attractive)}.")
    if not parts:
        return f"None of {len(rows)} features is a must-be or an attractive one for most customers."
    return " ".join(parts)


def moments(doc: Doc, by: str | None, params: Params) -> str:
    by = by or "touchpoint"
    rows = [r for r in _shown(doc) if r.get("misery_pct") is not None and r.get("n")]
    if not rows:
        return "No moments rated yet."
    worst = max(rows, key=lambda r: r["misery_pct"])
    return (
        f"The most misery is at {name_of(worst, by, by)}: {worst['misery_pct']:.0f} % of its "
        f"moments ({interval(worst.get('misery_ci_low'), worst.get('misery_ci_high'), 0, True)}, "
        f"n = {worst['n']:,}), against {worst['magic_pct']:.0f} % magic."
    )


def score(figure: str, word: str, pct: bool = False) -> Any:
    """NPS, CSAT or CES: the one figure, or the lowest and highest rows with their intervals."""

    def sentence(doc: Doc, by: str | None, params: Params) -> str:
        unit = " %" if pct else ""
        if "rows" not in doc:
            if not doc.get("n") or doc.get(figure) is None:
                return f"No {word} answers in this window yet."
            return (
                f"The {word} is {_figure(doc[figure], figure)}{unit} "
                f"({interval(doc.get('ci_low'), doc.get('ci_high'), pct=pct)}, n = {doc['n']:,})."
            )
        rows = [r for r in _shown(doc) if r.get(figure) is not None]
        if by == "period" and rows:
            last = rows[-1]
            text = (
                f"In {last['period']} the {word} was {_figure(last[figure], figure)}{unit} "
                f"({interval(last.get('ci_low'), last.get('ci_high'), pct=pct)}, "
                f"n = {last['n']:,})"
            )
            if len(rows) < 2:
                return text + "."
        if len(rows) < 2:
            return f"Too few {NOUNS.get(by or '', 'rows')} with {word} answers to compare."
        low, high = min(rows, key=lambda r: r[figure]), max(rows, key=lambda r: r[figure])
        apart = low["ci_high"] is not None and high["ci_low"] is not None
        apart = apart and low["ci_high"] < high["ci_low"]
        spread = (
            f"from {_figure(low[figure], figure)}{unit} at {name_of(low, by or '', by)} to "
            f"{_figure(high[figure], figure)}{unit} at {name_of(high, by or '', by)}"
        )
        if by == "period":
            change = "beyond" if apart else "within"
            return f"{text}; over the periods it ran {spread}, {change} what chance explains."
        return f"The {word} runs {spread}" + (
            "." if apart else ", a spread within what chance explains."
        )

    return sentence


nps = score("nps", "NPS")
csat = score("csat_pct", "CSAT", pct=True)
ces = score("mean", "customer effort score (1 very difficult to 7 very easy)")


def _figure(value: float, figure: str) -> str:
    return signed(value) if figure == "nps" else plain(value, 1 if figure != "mean" else 2)


def alerts(doc: Doc, by: str | None, params: Params) -> str:
    rows = _shown(doc)
    if not rows:
        return "Nothing moved beyond its usual range in this window: no alerts."
    latest = max(str(r.get("period", "")) for r in rows)
    recent = [r for r in rows if str(r.get("period", "")) == latest]
    down = [r for r in recent if r.get("direction") == "down"]
    return (
        f"{len(rows)} figures moved beyond their usual range in this window; in {latest}, "
        f"{len(recent)} did ({len(down)} down)."
    )


def consistency(doc: Doc, by: str | None, params: Params) -> str:
    by = by or "unit"
    rows = [r for r in _shown(doc) if r.get("below_target_share") is not None]
    if not rows:
        return "No experiences rated against a target yet."
    worst = max(rows, key=lambda r: r["below_target_share"])
    standards = doc.get("standards") or []
    between = max(
        (s.get(f"between_{by}_share") or 0 for s in standards if isinstance(s, dict)), default=0
    )
    text = (
        f"The least consistent is {name_of(worst, 'standard', by)} at "
        f"{name_of(worst, by, by)}: {100 * worst['below_target_share']:.0f} % of experiences "
        f"fall below target (n = {worst['n']:,})"
    )
    if worst.get("tied_with"):
        text += f", tied with {len(worst['tied_with'])} other {NOUNS.get(by, 'rows')}"
    return text + (
        f". At most {100 * between:.0f} % of the variation lies between {NOUNS.get(by, 'rows')}:"
        " the rest is between customers of the same one."
    )


def headline(
    gap: float | None,
    significant: bool,
    worst: tuple[str, float] | None,
    leaders: tuple[float, bool] | None,
) -> str:
    """The home page's sentence: customers' gap over every standard (``significant``: its
    interval excludes zero), the widest gap that is below zero beyond doubt (name, gap), and
    the leaders' gap on that standard (gap, whether it is below zero beyond doubt)."""
    if gap is None:
        return "No customer has rated both expectation and experience yet."
    if not significant:
        text = "Customers rate you about as they expected, within what chance explains."
    else:
        side = "below" if gap < 0 else "above"
        text = f"Customers rate you {plain(abs(gap))} points {side} what they expected."
    if worst is not None:
        name, value = worst
        text += f" The widest gap is {name} ({signed(value)})"
        if leaders is not None:
            lgap, short = leaders
            text += (
                f"; leaders see it too ({signed(lgap)})"
                if short
                else f"; leaders think it is fine ({signed(lgap)})"
            )
        text += "."
    return text


def _list(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    if len(names) == 3:
        return f"{names[0]}, {names[1]} and {names[2]}"
    return f"{', '.join(names[:3])} and {len(names) - 3} more"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
