"""The filter form of a report page, generated from the kind's parameters
(servicegap/reports/params.py): the same names the API and the CLI take. The engine checks the
values, not this form, so the page shows the engine's own error next to its field. A unit or a
touchpoint is chosen by its name from a list (``named``), the code being what is sent."""

from __future__ import annotations

from datetime import date

from django import forms

from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.reports.params import Param
from servicegap.reports.registry import ReportKind

# what a value of a closed list reads as in its select (the value sent stays the code)
SHOWN = {"item": "standard", "customer": "customers", "employee": "employees",
         "leader": "leaders", "internal": "internal customers"}  # fmt: skip


BLANKS = {"survey": "The most recently answered"}  # what an empty choice means, where not "all"


def _select(choices, blank: str | None = None) -> forms.Select:
    options = [("", blank)] if blank else []
    return forms.Select(choices=options + [(c, SHOWN.get(c, c)) for c in choices])


def field(param: Param, named: list[tuple[str, str]] | None = None) -> forms.Field | None:
    if named is not None:
        every = BLANKS.get(param.name, f"All {param.label.lower()}s")
        return forms.CharField(
            label=param.label, widget=_named(named, every), help_text=param.hint, required=False
        )
    if param.name == "by":
        if len(param.choices) < 2:  # nothing to choose
            return None
        blank = "one figure" if param.default is None else None
        return forms.CharField(
            label=param.label, widget=_select(param.choices, blank), required=False
        )
    if param.choices:
        widget: forms.Widget = _select(param.choices)
    elif param.date:
        widget = forms.DateInput(attrs={"type": "date"})
    else:
        widget = forms.TextInput()
    return forms.CharField(label=param.label, widget=widget, help_text=param.hint, required=False)


def _named(choices: list[tuple[str, str]], blank: str) -> forms.Select:
    return forms.Select(choices=[("", blank), *choices])


def recent_periods(today: date) -> list[tuple[str, str]]:
    """The calendar periods to pick from: the last 12 months, 8 quarters and 3 years."""
    out: list[tuple[str, str]] = [("", "All time")]
    index = today.year * 12 + today.month - 1
    for back in range(12):
        year, month = divmod(index - back, 12)
        out.append((f"{year}-{month + 1:02d}", date(year, month + 1, 1).strftime("%B %Y")))
    quarter = (today.month - 1) // 3
    for back in range(8):
        year, q = divmod(today.year * 4 + quarter - back, 4)
        out.append((f"{year}-Q{q + 1}", f"Q{q + 1} {year}"))
    out += [(str(today.year - back), str(today.year - back)) for back in range(3)]
    return out


class ReportForm(forms.Form):
    def __init__(
        self,
        kind: ReportKind,
        data,
        named: dict[str, list[tuple[str, str]]] | None = None,
        today: date | None = None,
    ) -> None:
        """``named``: {param: [(code, name)]} for the filters chosen by name. Employee, leader
        and internal views take whole calendar periods only: they get the list of periods and
        no free dates."""
        super().__init__(data)
        protected = (data.get("perspective") or "") in PROTECTED_PERSPECTIVES
        for param in kind.parameters:
            if protected and param.date and not data.get(param.name):
                continue  # a date given anyway stays, so its error shows beside it
            if param.name == "window":
                periods = recent_periods(today or date.today())
                chosen = data.get("window")
                if chosen and chosen not in dict(periods):
                    periods.append((chosen, chosen))
                self.fields["window"] = forms.CharField(
                    label=param.label,
                    widget=forms.Select(choices=periods),
                    help_text=param.hint,
                    required=False,
                )
                continue
            made = field(param, (named or {}).get(param.name))
            if made is not None:
                self.fields[param.name] = made
