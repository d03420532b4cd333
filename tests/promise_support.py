"""Logos for the brand tests: a real PNG made by Pillow, a clean SVG and hostile files."""

from __future__ import annotations

import io

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40">'
    b'<circle cx="20" cy="20" r="18" fill="#c0392b"/></svg>'
)
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><script>alert(1)</script></svg>'
)
HTML = b"<!doctype html><html><body><script>alert(1)</script>Hello</body></html>"


def png(width: int = 12, height: int = 8) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def set_logo(workspace, data: bytes | None = None, kind: str = "image/png") -> None:
    workspace.logo = png() if data is None else data
    workspace.logo_type = kind
    workspace.save(update_fields=["logo", "logo_type"])
