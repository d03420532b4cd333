"""PII redaction (servicegap.text.redact): every format of e-mail, phone, card and account number
the engine promises to replace, and the look-alikes it must leave (dates, prices, counts)."""

from __future__ import annotations

import pytest

from servicegap.text.redact import iban_valid, luhn, redact


@pytest.mark.parametrize(
    ("text", "gone", "mark"),
    [
        ("Call me on 07700 900123 please", "07700", "[phone]"),
        ("ring 07700900123", "07700900123", "[phone]"),
        ("my mobile is +44 7700 900123.", "7700", "[phone]"),
        ("US office (555) 123-4567", "123-4567", "[phone]"),
        ("call 555-123-4567 any time", "555-123", "[phone]"),
        ("landline 0161 496 0000", "496", "[phone]"),
        ("+33 1 23 45 67 89 in Paris", "45 67", "[phone]"),
        ("write to jo.bloggs+shop@example.co.uk today", "example.co.uk", "[email]"),
        ("JOHN_SMITH@Mail.Example.com", "Example", "[email]"),
        ("charged on 4111 1111 1111 1111 twice", "1111", "[card]"),
        ("card 5500-0000-0000-0004", "0004", "[card]"),
        ("Amex 378282246310005", "378282246310005", "[card]"),
        ("IBAN GB82 WEST 1234 5698 7654 32 thanks", "WEST", "[account]"),
        ("pay DE89370400440532013000", "DE89", "[account]"),
        ("sort code 20-00-00 account 55779911", "55779911", "[account]"),
        ("account number 12345678", "12345678", "[account]"),
    ],
)
def test_personal_numbers_and_addresses_are_replaced(text, gone, mark):
    out = redact(text)
    assert gone not in out and mark in out


@pytest.mark.parametrize(
    "text",
    [
        "We came on 2024-01-15 at 10:30 and paid £1,200.50.",
        "Waited 2 hours, 3 times, in room 214.",
        "Order 55123 arrived on 12/03/2025.",
        "Model GB12 ABCD is great",  # IBAN-shaped but fails the mod-97 check
        "Priya Shah was lovely",  # names stay: a mention is made of them
    ],
)
def test_dates_prices_counts_and_names_stay(text):
    assert redact(text) == text


def test_a_card_number_failing_luhn_is_still_not_shown():
    assert luhn("4111111111111111") and not luhn("4111111111111112")
    assert "4111" not in redact("card 4111 1111 1111 1112")


def test_iban_check_digits():
    assert iban_valid("GB82 WEST 1234 5698 7654 32")
    assert not iban_valid("GB83 WEST 1234 5698 7654 32")


def test_empty_and_plain_text():
    assert redact("") == ""
    assert redact("Lovely staff, quick service.") == "Lovely staff, quick service."
