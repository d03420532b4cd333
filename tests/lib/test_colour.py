"""The brand colour made readable (servicegap/lib/colour.py): WCAG contrast for any colour."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegap.lib import colour
from servicegap.lib.errors import FieldError

colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


def test_contrast_matches_the_wcag_reference_values():
    assert colour.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert colour.contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    # WebAIM's checker: #767676 on white is 4.54:1, the lightest grey that passes AA.
    assert colour.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@given(colours)
def test_every_colour_gets_readable_header_text_links_and_buttons(value):
    p = colour.palette(value)
    assert p.brand == value
    assert colour.contrast(p.brand, p.on_brand) >= 4.5
    assert colour.contrast(p.accent, colour.PAGE) >= 4.5
    assert colour.contrast(p.accent, "#ffffff") >= 4.5  # links on a white card too
    assert colour.contrast(p.accent, p.on_accent) >= 4.5
    assert colour.contrast(p.accent_dark, p.on_accent_dark) >= 4.5


def test_a_dark_colour_is_kept_and_a_light_one_darkened_only_as_needed():
    dark = colour.palette("#1f5f8b")
    assert dark.accent == "#1f5f8b" and dark.on_brand == colour.WHITE
    light = colour.palette("#ffd400")
    assert light.on_brand == colour.INK
    assert 4.5 <= colour.contrast(light.accent, colour.PAGE) < 4.7  # no darker than needed


@pytest.mark.parametrize("bad", ["", "blue", "#12345", "#1234567", "1f5f8b", "#ggg000", None])
def test_anything_but_rrggbb_is_refused_naming_the_field(bad):
    with pytest.raises(FieldError) as caught:
        colour.parse(bad)
    assert caught.value.field == "brand_colour" and "#rrggbb" in caught.value.message


def test_upper_case_and_spaces_are_accepted_and_stored_lower_case():
    assert colour.parse(" #1F5F8B ") == "#1f5f8b"
