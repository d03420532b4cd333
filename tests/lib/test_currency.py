"""The workspace currency: an ISO 4217 code or a clear refusal (pure)."""

from __future__ import annotations

import pytest

from servicegap.lib.currency import CODES, check_currency
from servicegap.lib.errors import FieldError


def test_codes_are_accepted_in_any_case_and_returned_in_capitals():
    assert check_currency(" gbp ") == "GBP"
    assert {"EUR", "USD", "GBP", "JPY", "CHF", "SEK"} <= CODES
    assert "XXX" not in CODES and "XTS" not in CODES  # no currency; testing


@pytest.mark.parametrize("bad", ["", None, "EURO", "XYZ", "€", "12"])
def test_anything_else_is_refused_naming_the_field(bad):
    with pytest.raises(FieldError) as caught:
        check_currency(bad, "currency")
    assert caught.value.field == "currency" and "ISO 4217" in caught.value.message
