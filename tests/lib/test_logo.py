"""The logo checked by its content (servicegap/lib/logo.py), never by its file name."""

from __future__ import annotations

import io

import pytest

from servicegap.demo.promise import mark
from servicegap.lib import logo
from servicegap.lib.errors import FieldError
from tests.promise_support import HTML, SVG, SVG_WITH_SCRIPT, png


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), (10, 90, 140)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_png_jpeg_and_svg_are_recognised_by_their_content():
    assert logo.check(png()) == "image/png"
    assert logo.check(_jpeg()) == "image/jpeg"
    assert logo.check(SVG) == "image/svg+xml"
    assert logo.check(b"<?xml version='1.0'?>\n" + SVG) == "image/svg+xml"
    assert logo.check(mark()) == "image/svg+xml"  # the demo's own logo


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (HTML, "Not a PNG, JPEG or SVG image"),
        (b"", "empty"),
        (b"GIF89a" + b"\0" * 20, "Not a PNG, JPEG or SVG image"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "not a readable image"),
        (b"x" * (logo.MAX_BYTES + 1), "at most 200 KB"),
        (b"<html xmlns='http://www.w3.org/1999/xhtml'/>", "Not a PNG, JPEG or SVG image"),
        (SVG_WITH_SCRIPT, "<script>"),
        (SVG.replace(b"<circle", b'<circle onload="alert(1)"'), "event handler (onload)"),
        (
            SVG.replace(b"<circle", b'<image href="http://169.254.169.254/x"/><circle'),
            "refers to another file",
        ),
        (SVG.replace(b"<circle", b"<style>@import url(http://x/a.css);</style><circle"), "style"),
        (
            b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
            "DTD",
        ),
        (
            SVG.replace(b"<circle", b"<foreignObject><div/></foreignObject><circle"),
            "<foreignobject>",
        ),
    ],
)
def test_anything_else_is_refused_on_the_logo_field(data, says):
    with pytest.raises(FieldError) as caught:
        logo.check(data)
    assert caught.value.field == "logo" and says in caught.value.message


def test_an_inner_reference_inside_the_svg_is_fine():
    inner = SVG.replace(
        b"<circle",
        b'<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
        b'<use href="#g"/><circle stroke="url(#g)"',
    )
    assert logo.check(inner) == "image/svg+xml"


def test_a_huge_image_is_refused_before_it_is_decoded():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (5000, 10)).save(buffer, "PNG")
    with pytest.raises(FieldError) as caught:
        logo.check(buffer.getvalue())
    assert "5000 × 10 pixels" in caught.value.message
