"""The pages' side of the one error family (``lib/errors.py``)."""

from __future__ import annotations

from django import forms

from servicegap.lib.errors import FieldError


def show_error(form: forms.BaseForm, error: FieldError) -> None:
    """Put a refusal on ``form``: next to the field it names, or above the form when the form has
    no field of that name."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
