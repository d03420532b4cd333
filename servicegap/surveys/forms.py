"""The builder's forms: a new survey from a template, a question, the survey's settings."""

from __future__ import annotations

import re

from django import forms

from servicegap.competitors.models import Competitor
from servicegap.core.models import Workspace
from servicegap.journeys.models import Touchpoint
from servicegap.lib.scales import SCALE_CHOICES
from servicegap.people.models import Unit
from servicegap.standards.models import Standard
from servicegap.surveys.models import SurveyTemplate
from servicegap.surveys.templates_catalogue import QUESTION_TYPES, RESPONSE_TYPES, STANDARD_TYPES

LANG_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
LINES_HELP = "One per line as CODE: label, e.g. price: The price."


def parse_languages(value: str) -> list[str]:
    langs = [x.strip().lower() for x in re.split(r"[,\s]+", value or "") if x.strip()]
    bad = [x for x in langs if not LANG_RE.match(x)]
    if bad or not langs:
        raise forms.ValidationError(
            "Give language codes separated by commas, e.g. en, nl (not %(bad)s).",
            params={"bad": ", ".join(bad) or "nothing"},
        )
    return list(dict.fromkeys(langs))


def parse_lines(value: str) -> list[dict[str, str]]:
    """``code: label`` lines as [{code, label}]; a line without a colon is its own label."""
    items, seen = [], set()
    for n, line in enumerate((value or "").splitlines(), start=1):
        if not line.strip():
            continue
        code, _, label = line.partition(":")
        code = code.strip()
        if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", code):
            raise forms.ValidationError(
                f"Line {n}: the code “{code}” may use letters, digits, - and _."
            )
        if code in seen:
            raise forms.ValidationError(f"Line {n}: the code “{code}” is used twice.")
        seen.add(code)
        items.append({"code": code, "label": label.strip() or code})
    return items


def unparse_lines(items: list[dict]) -> str:
    return "\n".join(f"{i['code']}: {i.get('label', '')}" for i in items)


class _ScopedForm(forms.Form):
    def __init__(self, *args, workspace: Workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace


class NewSurveyForm(_ScopedForm):
    template = forms.ChoiceField(
        choices=SurveyTemplate.choices, widget=forms.RadioSelect, initial="perception"
    )
    code = forms.CharField(max_length=64, help_text="Short and stable, e.g. PERCEPTION-2025.")
    title = forms.CharField(max_length=300)
    scale_max = forms.TypedChoiceField(
        label="Rating scale", choices=SCALE_CHOICES, coerce=int, initial=7
    )
    languages = forms.CharField(
        initial="en", help_text="Language codes, the first is the default: en, nl, de."
    )
    standards = forms.ModelMultipleChoiceField(
        queryset=Standard.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Perception, employee, leader and internal surveys ask about these.",
    )
    touchpoint = forms.ModelChoiceField(
        queryset=Touchpoint.objects.none(),
        to_field_name="code",
        required=False,
        help_text="Needed for a touchpoint pulse.",
    )
    supplier = forms.ModelChoiceField(
        label="Supplier unit",
        queryset=Unit.objects.none(),
        to_field_name="code",
        required=False,
        help_text="Internal supplier survey: leave empty to let respondents pick the unit.",
    )
    importance = forms.BooleanField(required=False, label="Ask for 100 importance points")
    zone = forms.BooleanField(
        required=False, label="Ask adequate and desired levels (zone of tolerance)"
    )
    overall = forms.BooleanField(required=False, initial=True, label="Overall satisfaction")
    nps = forms.BooleanField(required=False, initial=True, label="Net Promoter Score")
    comment = forms.BooleanField(required=False, initial=True, label="A closing comment box")
    reasons = forms.CharField(
        label="Exit reasons",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Exit survey only; empty uses a standard list. " + LINES_HELP,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ws = self.workspace
        offered = Standard.objects.of(ws).filter(retired=False)  # retired: not asked any more
        self.fields["standards"].queryset = offered.order_by("code")  # type: ignore[attr-defined]
        self.fields["touchpoint"].queryset = Touchpoint.objects.of(ws).order_by("code")  # type: ignore[attr-defined]
        self.fields["supplier"].queryset = Unit.objects.of(ws).order_by("code")  # type: ignore[attr-defined]
        self.has_competitors = Competitor.objects.of(ws).exists()
        if not self.has_competitors:  # the template says why it cannot be used here yet
            self.fields["template"].choices = [  # type: ignore[attr-defined]
                (v, f"{label} (needs competitors: this workspace has none yet)")
                if v == SurveyTemplate.COMPETITORS
                else (v, label)
                for v, label in SurveyTemplate.choices
            ]

    def clean_languages(self):
        return parse_languages(self.cleaned_data["languages"])

    def clean_reasons(self):
        return parse_lines(self.cleaned_data["reasons"])

    def clean(self):
        super().clean()
        data = self.cleaned_data
        needs = {"perception", "employee", "leader", "voice"}
        if data.get("template") in needs and not data.get("standards"):
            self.add_error("standards", "Choose at least one standard for this template.")
        if data.get("template") == "pulse" and not data.get("touchpoint"):
            self.add_error("touchpoint", "A touchpoint pulse needs its touchpoint.")
        comparison = data.get("template") == SurveyTemplate.COMPETITORS
        if comparison and not data.get("standards"):
            self.add_error("standards", "Choose at least one standard for this template.")
        if comparison and not self.has_competitors:
            self.add_error(
                "template",
                "This workspace has no competitors yet: import them first "
                "(servicegap import competitors FILE, columns code,name).",
            )
        return data


class QuestionForm(_ScopedForm):
    """Add a question (``qtype`` and ``code`` given) or edit one (``fixed`` type and code)."""

    qtype = forms.ChoiceField(label="Type", choices=list(QUESTION_TYPES.items()))
    standard = forms.ModelChoiceField(
        queryset=Standard.objects.none(),
        to_field_name="code",
        required=False,
        help_text="For the standard types; the question's code is the standard's code.",
    )
    code = forms.CharField(
        max_length=64, required=False, help_text="Letters, digits, - and _; not a standard's code."
    )
    options = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="Choices. " + LINES_HELP
    )
    rows = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="Matrix. " + LINES_HELP
    )
    required = forms.BooleanField(required=False, label="An answer is required")
    show_if = forms.ChoiceField(
        label="Show only if the answer to", required=False, help_text="Empty: always shown."
    )
    show_values = forms.CharField(
        label="is one of",
        required=False,
        help_text="Values separated by commas, e.g. 0, 1, 2 or misery.",
    )

    def __init__(self, *args, languages=(), earlier=(), fixed="", **kwargs):
        super().__init__(*args, **kwargs)
        offered = Standard.objects.of(self.workspace).filter(retired=False)
        self.fields["standard"].queryset = offered.order_by("code")  # type: ignore[attr-defined]
        self.fields["show_if"].choices = [("", "—"), *earlier]  # type: ignore[attr-defined]
        self.languages = list(languages) or ["en"]
        for lang in self.languages:
            self.fields[f"text_{lang}"] = forms.CharField(
                label=f"Question text ({lang})",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields(
            ["qtype", "standard", "code", *(f"text_{x}" for x in self.languages), "options"]
        )
        if fixed:  # editing a question of this type: its type and code stay
            drop = ["qtype", "standard", "code"]
            drop += [] if fixed in ("single", "multi") else ["options"]
            drop += [] if fixed == "matrix" else ["rows"]
            for name in drop:
                del self.fields[name]

    def texts(self) -> dict[str, str]:
        return {
            lang: self.cleaned_data[f"text_{lang}"].strip()
            for lang in self.languages
            if self.cleaned_data.get(f"text_{lang}", "").strip()
        }

    def clean_options(self):
        return parse_lines(self.cleaned_data["options"])

    def clean_rows(self):
        return parse_lines(self.cleaned_data["rows"])

    def clean(self):
        super().clean()
        data = self.cleaned_data
        qtype = data.get("qtype")
        if qtype in STANDARD_TYPES:
            if not data.get("standard"):
                self.add_error("standard", "Choose the standard this question asks about.")
            else:
                data["code"] = data["standard"].code
        elif qtype in RESPONSE_TYPES and not data.get("code"):
            data["code"] = qtype.upper()
        elif qtype and not data.get("code"):
            self.add_error("code", "Give the question a code.")
        if qtype in ("single", "multi") and not data.get("options"):
            self.add_error("options", "A choice question needs at least one option.")
        if qtype == "matrix" and not data.get("rows"):
            self.add_error("rows", "A matrix needs at least one row.")
        if qtype and qtype not in STANDARD_TYPES + ("kano",) and not self.texts():
            self.add_error(f"text_{self.languages[0]}", "Write the question.")
        if qtype == "kano" and not self.texts():
            self.add_error(f"text_{self.languages[0]}", "Describe the feature.")
        if data.get("show_if") and not data.get("show_values", "").strip():
            self.add_error("show_values", "Give the values that show this question.")
        return data

    def condition(self) -> dict:
        target = self.cleaned_data.get("show_if")
        if not target:
            return {}
        item, _, kind = target.partition("|")
        values = [v.strip() for v in self.cleaned_data["show_values"].split(",") if v.strip()]
        return {"item": item, "kind": kind, "in": values}


class SettingsForm(forms.Form):
    title = forms.CharField(max_length=300)
    languages = forms.CharField(help_text="Language codes, the first is the default: en, nl, de.")

    def clean_languages(self):
        return parse_languages(self.cleaned_data["languages"])
