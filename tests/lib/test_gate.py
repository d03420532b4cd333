"""Pure rules of the public gate: rates, windows, origins, the client address."""

from __future__ import annotations

import pytest

from servicegap.lib.gate import Rate, client_ip, normalize_origin, parse_rate, window


def test_a_rate_is_count_per_seconds():
    assert parse_rate(" 20/600 ") == Rate(20, 600)
    for bad in ("20", "0/60", "20/0", "a/b", "20/60/1", ""):
        with pytest.raises(ValueError):
            parse_rate(bad)


def test_a_fixed_window_starts_on_a_multiple_and_says_how_long_is_left():
    assert window(125.4, 60) == (120, 55)
    assert window(120.0, 60) == (120, 60)
    assert window(179.9, 60) == (120, 1)


@pytest.mark.parametrize(
    ("raw", "origin"),
    [
        ("HTTPS://Shop.Example:443/", "https://shop.example"),
        ("http://shop.example:80", "http://shop.example"),
        ("http://localhost:8000", "http://localhost:8000"),
        ("https://[::1]:8443", "https://[::1]:8443"),
    ],
)
def test_origins_are_compared_as_browsers_send_them(raw, origin):
    assert normalize_origin(raw) == origin


@pytest.mark.parametrize(
    "raw",
    ["shop.example", "ftp://shop.example", "https://shop.example/page", "https://*.example",
     "https://user@shop.example", "https://shop.example?x=1", "https://shop.example:99999"],
)  # fmt: skip
def test_anything_but_one_exact_origin_is_refused(raw):
    with pytest.raises(ValueError):
        normalize_origin(raw)


def test_the_client_address_trusts_forwarded_for_only_as_far_as_the_configured_proxies():
    assert client_ip("10.0.0.1", "6.6.6.6", 0) == "10.0.0.1"
    assert client_ip("10.0.0.1", "6.6.6.6, 3.3.3.3", 1) == "3.3.3.3"
    assert client_ip("10.0.0.1", "6.6.6.6, 3.3.3.3, 10.0.0.2", 2) == "3.3.3.3"
    assert client_ip("10.0.0.1", "", 1) == "10.0.0.1"
    assert client_ip("10.0.0.1", "3.3.3.3", 3) == "3.3.3.3"
