"""Two-factor sign-in and the audit log in a real browser, under the Content-Security-Policy."""

from __future__ import annotations

import re
import time
from base64 import b32decode

import pytest

from tests.browser_support import check_a11y, log_in, shot

pytestmark = pytest.mark.browser


def _code(key_text: str, steps_ahead: int = 0) -> str:
    from django_otp.oath import TOTP

    key = b32decode(key_text.replace(" ", "") + "=" * (-len(key_text.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_turning_on_two_factor_then_logging_in_with_a_code(page, seeded, artifacts):
    base = seeded.url
    log_in(page, base, "owner@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    page.get_by_role("link", name="owner@acme.test").click()
    page.wait_for_url(re.compile(r"/accounts/two-factor/$"))
    assert page.get_by_role("img", name="QR code of your key").is_visible()
    check_a11y(page, "two-factor set-up")
    shot(page, artifacts, "40-two-factor-setup")
    key = page.locator(".totp-key").inner_text()
    page.get_by_label("Code from your authenticator app").fill(_code(key))
    page.get_by_role("button", name="Turn two-factor sign-in on").click()
    assert page.get_by_text("Two-factor sign-in is on:").is_visible()

    page.goto(base + "/w/acme/audit/")
    assert page.get_by_text("member.two_factor.on", exact=True).is_visible()
    check_a11y(page, "audit log")
    shot(page, artifacts, "41-audit-log")

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    log_in(page, base, "owner@acme.test")
    page.wait_for_url(re.compile(r"/accounts/login/verify/$"))
    check_a11y(page, "two-factor code")
    shot(page, artifacts, "42-two-factor-code")
    page.get_by_label("Code from your authenticator app").fill(_code(key, steps_ahead=1))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/w/acme/$"))
