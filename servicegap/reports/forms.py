"""The filter form of a report page, generated from the kind's parameters
(servicegap/reports/params.py): the same names the API and the CLI take. The engine checks the
values, not this form, so the page shows the engine's own error next to its field. A unit or a
touchpoint is chosen by its name from a list (``named``), the code being what is sent."""

from __future__ import annotations

from django import forms

from servicegap.reports.params import Param
from servicegap.reports.registry import ReportKind


def _select(choices, blank: str | None = None) -> forms.Select:
    options = [("", blank)] if blank else []
    return forms.Select(choices=options + [(c, c) for c in choices])


def field(param: Param, named: list[tuple[str, str]] | None = None) -> forms.Field | None:
    if named is not None:
        every = f"All {param.label.lower()}s"
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


class ReportForm(forms.Form):
    def __init__(
        self, kind: ReportKind, data, named: dict[str, list[tuple[str, str]]] | None = None
    ) -> None:
        """``named``: {param: [(code, name)]} for the filters chosen by name."""
        super().__init__(data)
        for param in kind.parameters:
            made = field(param, (named or {}).get(param.name))
            if made is not None:
                self.fields[param.name] = made
