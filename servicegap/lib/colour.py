"""A workspace's brand colour made readable: WCAG 2 contrast, and the colours the public pages
draw with it. Pure: no Django import.

Whatever colour an owner picks, the public pages stay readable: the header is the colour itself
with white or black text, whichever contrasts more (for any colour one of them reaches 4.58:1);
links and buttons use the colour darkened, only as much as it takes, to 4.5:1 on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from servicegap.lib.errors import FieldError

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
BLACK = "#000000"
INK = "#111111"  # near black: pure black on a saturated colour looks harsh, and still passes
PAGE = "#f4f6f9"  # the public pages' background (app.css --canvas), the darkest text sits on
AA = 4.5  # WCAG 2 AA for body text


def parse(value: str, field: str = "brand_colour") -> str:
    """``value`` as ``#rrggbb`` in lower case; FieldError naming ``field`` for anything else."""
    text = (value or "").strip()
    if not HEX.match(text):
        raise FieldError(field, "A colour as #rrggbb, e.g. #1f5f8b (six hexadecimal digits).")
    return text.lower()


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """The relative luminance of WCAG 2 (0 black … 1 white)."""

    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two colours (1 … 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_ink(background: str) -> str:
    """White or near-black text on ``background``, whichever contrasts more; pure black where
    neither reaches 4.5:1 (a mid tone: white falls short there, and black then reaches 4.58:1)."""
    white, ink = contrast(background, WHITE), contrast(background, INK)
    if white >= max(AA, ink):
        return WHITE
    return INK if ink >= AA else BLACK


def mix(colour: str, other: str, share: float) -> str:
    """``colour`` moved ``share`` (0…1) of the way towards ``other``."""
    (r1, g1, b1), (r2, g2, b2) = _rgb(colour), _rgb(other)
    return _hex((r1 + (r2 - r1) * share, g1 + (g2 - g1) * share, b1 + (b2 - b1) * share))


def legible_on(colour: str, paper: str = PAGE, ratio: float = AA) -> str:
    """``colour`` darkened towards black just enough to reach ``ratio`` on ``paper`` (unchanged
    when it does already). Darkening keeps the hue, so the links still look like the brand."""
    if contrast(colour, paper) >= ratio:
        return colour
    low, high = 0.0, 1.0  # bisect the share of black: contrast grows with it on a light paper
    for _ in range(20):
        middle = (low + high) / 2
        if contrast(mix(colour, "#000000", middle), paper) >= ratio:
            high = middle
        else:
            low = middle
    return mix(colour, "#000000", high)


@dataclass(frozen=True)
class Palette:
    """The colours a public page draws with one brand colour."""

    brand: str  # the header's background: the colour as chosen
    on_brand: str  # text on the header
    accent: str  # links, buttons and their borders on the page (>= 4.5:1 on it)
    accent_dark: str  # hover
    on_accent: str  # text on a button
    on_accent_dark: str  # text on a button under the pointer

    @property
    def header_contrast(self) -> float:
        return contrast(self.brand, self.on_brand)

    @property
    def accent_contrast(self) -> float:
        return contrast(self.accent, PAGE)


def palette(colour: str) -> Palette:
    colour = parse(colour)
    accent = legible_on(colour)
    accent_dark = mix(accent, "#000000", 0.25)
    return Palette(
        brand=colour,
        on_brand=readable_ink(colour),
        accent=accent,
        accent_dark=accent_dark,
        on_accent=readable_ink(accent),
        on_accent_dark=readable_ink(accent_dark),
    )
