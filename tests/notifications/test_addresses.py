"""Where a webhook may point (pure rules) and when a failed delivery is tried again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from servicegap.notifications import addresses, retry
from servicegap.notifications.addresses import TargetError

UNSPECIFIED = "0.0.0.0"  # noqa: S104 - an address to refuse, never bound


def test_only_http_and_https_urls_are_targets():
    t = addresses.parse("https://hooks.example.com:8443/in?x=1")
    assert (t.scheme, t.host, t.port, t.path) == ("https", "hooks.example.com", 8443, "/in?x=1")
    assert addresses.parse("http://example.com").port == 80
    for bad, words in [
        ("ftp://example.com/x", "http:// or https://"),
        ("example.com/hook", "http:// or https://"),
        ("http:///nohost", "no host"),
        ("https://user:pw@example.com/", "user name or password"),
        ("https://example.com:99999/", "not a valid URL"),
        ("", "http:// or https://"),
    ]:
        with pytest.raises(TargetError, match=words):
            addresses.parse(bad)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "::1",
     "fe80::1", UNSPECIFIED, "::ffff:127.0.0.1", "100.64.0.1", "240.0.0.1", "224.0.0.1", "fc00::1"],
)  # fmt: skip
def test_private_loopback_link_local_and_reserved_addresses_are_refused(address):
    assert addresses.refused_reason(address) is not None
    host = f"[{address}]" if ":" in address else address
    target = addresses.parse(f"http://{host}:8080/x")
    with pytest.raises(TargetError, match="SERVICEGAP_WEBHOOK_ALLOW_PRIVATE"):
        addresses.checked_address(target, allow_private=False)
    assert addresses.checked_address(target, allow_private=True) == address


def test_public_addresses_pass():
    for address in ("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"):
        assert addresses.refused_reason(address) is None


def test_a_name_resolving_to_loopback_is_refused_by_its_address():
    # "localhost" resolves on every machine, to loopback: the check is on the address.
    with pytest.raises(TargetError, match="localhost is a loopback address"):
        addresses.checked_address(addresses.parse("http://localhost/x"), allow_private=False)


def test_retry_schedule_is_the_specs_and_then_gives_up():
    delays = [retry.next_delay(n) for n in range(1, 8)]
    assert delays == [
        timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
        timedelta(hours=5), timedelta(hours=10), None,
    ]  # fmt: skip
    assert retry.MAX_ATTEMPTS == 7
    with pytest.raises(ValueError):
        retry.next_delay(0)


def test_the_minutely_cadence_is_due_at_each_whole_minute():
    from datetime import UTC, datetime

    from servicegap.runtime.schedule import minutely

    every = minutely()
    now = datetime(2026, 3, 16, 9, 41, 37, 5, tzinfo=UTC)
    assert every.last_due(now) == datetime(2026, 3, 16, 9, 41, tzinfo=UTC)
    assert every.next_due(now) == datetime(2026, 3, 16, 9, 42, tzinfo=UTC)
    assert str(every) == "every minute"
