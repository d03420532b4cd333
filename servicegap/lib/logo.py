"""A workspace's logo, checked by its content (never its file name). Pure: no Django import.

PNG and JPEG must open as such (Pillow reads the header and checks the file's structure without
decoding it whole). An SVG must be XML whose root is an SVG element, read by the safe parser
(no DTD, no entities) and holding nothing that runs or fetches: no script, no foreignObject, no
``on…`` handler, no reference outside the file. The pages also show the logo only as an ``<img>``
and serve it with a Content-Security-Policy that forbids scripts, so a missed case still cannot
run; the checks keep the file clean for the printed service card too.
"""

from __future__ import annotations

import io
import re

from servicegap.lib.errors import FieldError
from servicegap.lib.xmlread import XmlError, parse

MAX_BYTES = 200 * 1024
MAX_SIDE = 4096  # pixels: a header logo needs a few hundred; this refuses decompression bombs
SVG_NS = "{http://www.w3.org/2000/svg}"
TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
SVG = "image/svg+xml"
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", SVG: "svg"}
REFUSED_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video"}
# url(...) in a style that points anywhere but inside the file, and CSS imports.
OUTSIDE_CSS = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)
FIELD = "logo"


def check(data: bytes) -> str:
    """The media type of ``data`` (``image/png``, ``image/jpeg`` or ``image/svg+xml``); a
    FieldError on ``logo`` saying what is wrong otherwise."""
    if not data:
        raise FieldError(FIELD, "The file is empty.")
    if len(data) > MAX_BYTES:
        raise FieldError(
            FIELD, f"The file is {len(data) // 1024} KB; a logo may be at most 200 KB."
        )
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return _raster(data)
    return _svg(data)


def _raster(data: bytes) -> str:
    from PIL import Image  # Pillow comes with WeasyPrint

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except Exception:  # Pillow raises many types for a broken file; each means "not an image"
        raise FieldError(
            FIELD, "The file starts like a PNG or JPEG but is not a readable image."
        ) from None
    if kind not in TYPES:
        raise FieldError(FIELD, "Not a PNG, JPEG or SVG image (the content is checked).")
    if width > MAX_SIDE or height > MAX_SIDE:
        raise FieldError(
            FIELD, f"The image is {width} × {height} pixels; at most {MAX_SIDE} on each side."
        )
    return TYPES[kind]


def _svg(data: bytes) -> str:
    not_image = (
        "Not a PNG, JPEG or SVG image: the file's content is checked, not its name "
        "(an HTML or text file renamed .png is refused)."
    )
    head = data.lstrip()[:1]
    if head != b"<":
        raise FieldError(FIELD, not_image)
    try:
        root = parse(data, max_bytes=MAX_BYTES).root
    except XmlError as exc:
        if "refused for safety" in exc.reason:
            raise FieldError(FIELD, "The SVG holds a DTD or entities, which are refused.") from None
        raise FieldError(FIELD, not_image) from None
    if root.tag != SVG_NS + "svg":
        raise FieldError(FIELD, not_image)
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1].lower()
        if name in REFUSED_ELEMENTS:
            raise FieldError(FIELD, f"The SVG holds a <{name}> element; logos may not.")
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise FieldError(FIELD, f"The SVG holds an event handler ({local}); logos may not.")
            if local in ("href", "src") and not value.strip().startswith("#"):
                raise FieldError(
                    FIELD, "The SVG refers to another file; a logo must hold everything itself."
                )
            if OUTSIDE_CSS.search(value):
                raise FieldError(FIELD, "The SVG's style refers to another file; logos may not.")
        if name == "style" and OUTSIDE_CSS.search("".join(element.itertext())):
            raise FieldError(FIELD, "The SVG's style refers to another file; logos may not.")
    return SVG
