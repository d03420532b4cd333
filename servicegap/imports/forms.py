"""The upload form of the Imports page."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat

from servicegap import conf
from servicegap.transfer.registry import names

WEB_ONLY_NOT = ("qualtrics-responses",)  # needs --survey and --map: CLI only for now
MODES = [
    ("all", "All or nothing: one bad row and nothing is written"),
    ("skip", "Skip invalid rows: write the good rows, download the bad ones as a reject file"),
]


def web_kinds() -> list[str]:
    return [name for name in names() if name not in WEB_ONLY_NOT]


def max_upload_bytes() -> int:
    return conf.env_int("SERVICEGAP_MAX_UPLOAD_BYTES")


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[],
        help_text="docs/formats.md describes the columns of each kind.",
    )
    file = forms.FileField(label="File", help_text="CSV (UTF-8), xlsx or Parquet; .lss or .qsf.")
    mode = forms.ChoiceField(
        label="Bad rows", choices=MODES, initial="all", widget=forms.RadioSelect
    )
    code = forms.CharField(
        label="Code of the new survey (limesurvey, qualtrics-survey; optional)",
        required=False,
        max_length=64,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(n, n) for n in web_kinds()]
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

    def job_options(self) -> dict:
        data = self.cleaned_data
        options: dict = {"skip_invalid": data["mode"] == "skip"}
        if data["code"]:
            options["code"] = data["code"]
        return options
