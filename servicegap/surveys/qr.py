"""QR codes of a survey's public link, as PNG or SVG (segno: pure Python, no image library)."""

from __future__ import annotations

import io
from collections.abc import Callable

import segno
from django.http import HttpResponse

from servicegap.surveys.models import Survey

CONTENT_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def qr_image(url: str, kind: str, title: str = "") -> bytes:
    buffer = io.BytesIO()
    qr = segno.make(url, error="m")
    if kind == "svg":
        qr.save(buffer, kind="svg", scale=8, border=4, title=title)
    else:
        qr.save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def qr_response(
    survey: Survey, url_of: Callable[[Survey], str], kind: str, download: bool
) -> HttpResponse:
    image = qr_image(url_of(survey), kind, title=f"QR code: {survey.title}")
    response = HttpResponse(image, content_type=CONTENT_TYPES[kind])
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{survey.code}-qr.{kind}"'
    return response
