"""The upload form of the Imports page."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat

from servicegap import conf
from servicegap.core.models import Workspace
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.surveys import protected
from servicegap.transfer.registry import TransferError, names

# Kinds that ask for their column mapping on a page of their own (mapping.py), and the kinds
# whose file answers a survey chosen here.
MAPPED = ("qualtrics-responses", "wide")
WITH_SURVEY = (*MAPPED, "limesurvey-responses")
MODES = [
    ("all", "All or nothing: one bad row and nothing is written"),
    ("skip", "Skip invalid rows: write the good rows, download the bad ones as a reject file"),
]


def max_upload_bytes() -> int:
    return conf.env_int("SERVICEGAP_MAX_UPLOAD_BYTES")


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[],
        help_text="docs/formats.md describes the columns of each kind.",
    )
    file = forms.FileField(label="File", help_text="CSV (UTF-8), xlsx or Parquet; .lss or .qsf.")
    survey = forms.ChoiceField(
        label="Survey the responses answer (qualtrics-responses, wide, limesurvey-responses)",
        choices=[],
        required=False,
        help_text="The next page maps the export's columns to this survey's questions.",
    )
    mode = forms.ChoiceField(
        label="Bad rows", choices=MODES, initial="all", widget=forms.RadioSelect
    )
    code = forms.CharField(
        label="Code of the new survey (limesurvey, qualtrics-survey; optional)",
        required=False,
        max_length=64,
    )

    def __init__(self, workspace: Workspace, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from servicegap.surveys.models import Survey

        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(n, n) for n in names()]
        survey = self.fields["survey"]
        assert isinstance(survey, forms.ChoiceField)
        surveys = Survey.objects.of(workspace).order_by("code")
        self.protected_surveys = {
            s.code: s.perspective for s in surveys if s.perspective in PROTECTED_PERSPECTIVES
        }
        survey.choices = [("", "—"), *((s.code, f"{s.code}: {s.title}") for s in surveys)]
        limit = max_upload_bytes()
        self.fields["file"].help_text += f" At most {filesizeformat(limit)}."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; at most {filesizeformat(limit)} "
                "can be uploaded here (use the servicegap import command for larger files)."
            )
        return upload

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("kind") not in WITH_SURVEY:
            return data
        if not data.get("survey"):
            self.add_error("survey", "Choose the survey these responses answer.")
        elif data["survey"] in self.protected_surveys:
            perspective = self.protected_surveys[data["survey"]]
            self.add_error("survey", protected.web_refusal(perspective).capitalize() + ".")
        upload = data.get("file")
        if upload is not None and data["kind"] in MAPPED:
            from servicegap.imports.mapping import reader

            try:
                reader(data["kind"])(upload.read(), upload.name or "upload")
            except TransferError as exc:
                self.add_error("file", str(exc))
            finally:
                upload.seek(0)
        return data

    @property
    def needs_mapping(self) -> bool:
        return self.cleaned_data["kind"] in MAPPED

    def job_options(self) -> dict:
        data = self.cleaned_data
        options: dict = {"skip_invalid": data["mode"] == "skip"}
        if data["code"]:
            options["code"] = data["code"]
        if data["kind"] in WITH_SURVEY:
            options["survey"] = data["survey"]
        return options
