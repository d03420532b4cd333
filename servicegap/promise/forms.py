"""The owner's brand form: the workspace's name, logo, colour and the promise switch."""

from __future__ import annotations

from typing import Any

from django import forms

from servicegap.core.models import Workspace
from servicegap.lib import colour, logo
from servicegap.lib.errors import FieldError


class BrandForm(forms.Form):
    name = forms.CharField(label="Workspace name", max_length=200)
    logo = forms.FileField(
        label="Logo",
        required=False,
        help_text="PNG, JPEG or SVG, at most 200 KB. Its content is checked, not its name; an "
        "SVG may hold no script and refer to no other file.",
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml"}),
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)
    brand_colour = forms.CharField(
        label="Brand colour",
        max_length=7,
        help_text="#rrggbb, e.g. #1f5f8b. Any colour stays readable: text on it is black or "
        "white, whichever contrasts more, and links are darkened where needed.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    promise_public = forms.BooleanField(
        label="Publish the promise page and the service card", required=False
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("A name is needed: the public pages show it.")
        return name

    def clean_brand_colour(self) -> str:
        try:
            return colour.parse(self.cleaned_data["brand_colour"])
        except FieldError as exc:
            raise forms.ValidationError(exc.message) from None

    def clean_logo(self) -> tuple[bytes, str] | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > logo.MAX_BYTES:  # refused before reading it
            raise forms.ValidationError(
                f"The file is {upload.size // 1024} KB; a logo may be at most 200 KB."
            )
        data = upload.read(logo.MAX_BYTES + 1)
        try:
            return data, logo.check(data)
        except FieldError as exc:
            raise forms.ValidationError(exc.message) from None

    def changes(self, workspace: Workspace) -> dict[str, Any]:
        """What saving would change on ``workspace``: field name -> new value."""
        data = self.cleaned_data
        changed: dict[str, Any] = {
            k: data[k]
            for k in ("name", "brand_colour", "promise_public")
            if getattr(workspace, k) != data[k]
        }
        if data["logo"] is not None:
            changed["logo"], changed["logo_type"] = data["logo"]
        elif data["remove_logo"] and workspace.logo:
            changed["logo"], changed["logo_type"] = b"", ""
        return changed
