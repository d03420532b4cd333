"""Security (issue 5): login limits and lockout, two-factor sign-in, single sign-on, headers and
the Content-Security-Policy, API key last use, unit scope, the audit log, production refusals.

See docs/security.md for the decisions these tests hold in place.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from servicegap import conf
from servicegap.cli import main_group
from servicegap.core.models import AuditEntry
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from servicegap.cli import main; main()"]


def _login(client: Client, email: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/accounts/login/",
        {"username": email, "password": password, "next": "/w/acme/"},
        REMOTE_ADDR=address,
    )


def _logged_in(client: Client) -> bool:
    return client.get("/w/acme/").status_code == 200


# --- login limits and lockout --------------------------------------------------------------------


@pytest.fixture
def limits(monkeypatch):
    """Small limits, so a test needs few attempts: 3 per account and address, 5 per account,
    8 per address, locks of 15 minutes."""
    monkeypatch.setenv("SERVICEGAP_LOGIN_LIMIT", "3/900")
    monkeypatch.setenv("SERVICEGAP_LOGIN_ACCOUNT_LIMIT", "5/3600")
    monkeypatch.setenv("SERVICEGAP_LOGIN_ADDRESS_LIMIT", "8/3600")
    monkeypatch.setenv("SERVICEGAP_LOGIN_LOCKOUT_SECONDS", "900")


def test_wrong_passwords_lock_the_account_for_that_address_with_a_clear_message(users, limits):
    guesser = Client()
    for _ in range(2):
        r = _login(guesser, "owner@acme.test", "wrong-password")
        assert r.status_code == 200 and "do not match an account" in r.content.decode()
    r = _login(guesser, "owner@acme.test", "wrong-password")
    assert r.status_code == 429
    page = r.content.decode()
    assert "Too many failed attempts" in page and "paused for 15 minutes" in page
    # Locked: even the right password does not get in from there, and is not even checked.
    r = _login(guesser, "owner@acme.test", PASSWORD)
    assert r.status_code == 429 and not _logged_in(guesser)
    # The owner at another address is not locked out by the guesser.
    owner = Client()
    assert _login(owner, "owner@acme.test", PASSWORD, address="10.0.0.2").status_code == 302
    assert _logged_in(owner)


def test_a_lock_ends_after_its_time(users, limits):
    from servicegap.accounts.models import LoginThrottle

    c = Client()
    for _ in range(3):
        _login(c, "leader@acme.test", "wrong-password")
    assert _login(c, "leader@acme.test", PASSWORD).status_code == 429
    LoginThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert _login(c, "leader@acme.test", PASSWORD).status_code == 302 and _logged_in(c)


def test_a_right_password_clears_the_count_of_its_address(users, limits):
    c = Client()
    for _ in range(2):
        _login(c, "leader@acme.test", "wrong-password")
    assert _login(c, "leader@acme.test", PASSWORD).status_code == 302
    c.logout()
    for _ in range(2):
        assert _login(c, "leader@acme.test", "wrong-password").status_code == 200
    assert _login(c, "leader@acme.test", PASSWORD).status_code == 302


def test_guessing_from_many_addresses_locks_the_account_until_a_password_reset(users, limits):
    for i in range(5):
        _login(Client(), "manager@acme.test", "wrong-password", address=f"10.1.0.{i}")
    person = Client()
    r = _login(person, "Manager@Acme.test", PASSWORD, address="10.9.9.9")
    assert r.status_code == 429 and not _logged_in(person)
    # A password reset by e-mail proves the mailbox and lifts the lock.
    person.post("/accounts/password-reset/", {"email": "manager@acme.test"})
    link = re.search(r"(/accounts/reset/\S+/)", mail.outbox[-1].body)[1]
    form = person.get(link, follow=True)
    new = "another-long-password-2"
    person.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert _login(person, "manager@acme.test", new, address="10.9.9.9").status_code == 302


def test_password_spraying_from_one_address_is_stopped(users, limits):
    sprayer = Client()
    for i in range(8):
        _login(sprayer, f"guess{i}@acme.test", "Summer2024!")
    assert _login(sprayer, "employee@acme.test", PASSWORD).status_code == 429
    assert _login(Client(), "employee@acme.test", PASSWORD, address="10.0.0.7").status_code == 302


def test_unknown_e_mails_are_locked_alike_so_locks_reveal_no_account(db, limits):
    c = Client()
    answers = [_login(c, "nobody@acme.test", "wrong-password").status_code for _ in range(4)]
    assert answers == [200, 200, 429, 429]


def test_the_counters_hold_no_e_mail_in_clear(users, limits):
    from servicegap.accounts.models import LoginThrottle

    _login(Client(), "owner@acme.test", "wrong-password")
    keys = " ".join(LoginThrottle.objects.values_list("key", flat=True))
    assert "owner" not in keys and "10.0.0.1" in keys


def test_a_malformed_limit_is_a_configuration_error(users, monkeypatch):
    from servicegap.accounts import throttle

    monkeypatch.setenv("SERVICEGAP_LOGIN_LIMIT", "five")
    with pytest.raises(conf.ConfigError, match="SERVICEGAP_LOGIN_LIMIT"):
        throttle.rate("pair")


# --- two-factor sign-in ---------------------------------------------------------------------------


def _code(device, steps_ahead: int = 0) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def _enrol(client: Client, user):
    """Turn two-factor sign-in on through the page, as the user would."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "QR code of your key" in html and 'class="totp-key"' in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    r = client.post("/accounts/two-factor/", {"code": _code(device)})
    assert r.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    return device


def test_enrolling_shows_a_qr_code_and_a_wrong_code_is_refused(client, users):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(users["leader"])
    client.get("/accounts/two-factor/")
    r = client.post("/accounts/two-factor/", {"code": "000000"})
    assert r.status_code == 400 and "not right" in r.content.decode()
    assert not TOTPDevice.objects.filter(user=users["leader"], confirmed=True).exists()


def test_with_two_factor_on_a_right_password_alone_does_not_log_in(users):
    c = Client()
    device = _enrol(c, users["manager"])
    assert AuditEntry.objects.filter(action="member.two_factor.on").count() == 1
    r = _login(c, "manager@acme.test", PASSWORD)
    assert r.status_code == 302 and r["Location"] == "/accounts/login/verify/"
    assert not _logged_in(c)
    page = c.get("/accounts/login/verify/")
    assert page.status_code == 200 and "authenticator app" in page.content.decode()
    r = c.post("/accounts/login/verify/", {"code": _code(device, steps_ahead=1)})
    assert r.status_code == 302 and r["Location"] == "/w/acme/"
    assert _logged_in(c)


def test_wrong_codes_count_against_the_login_limit(users, limits):
    c = Client()
    _enrol(c, users["employee"])
    assert _login(c, "employee@acme.test", PASSWORD).status_code == 302
    answers = [
        c.post("/accounts/login/verify/", {"code": "123456"}, REMOTE_ADDR="10.0.0.1").status_code
        for _ in range(3)
    ]
    assert answers == [400, 400, 429]
    assert not _logged_in(c)


def test_the_code_step_expires_and_needs_the_password_first(client, users):
    r = client.get("/accounts/login/verify/")
    assert r.status_code == 302 and r["Location"] == "/accounts/login/"
    device = _enrol(client, users["leader"])
    _login(client, "leader@acme.test", PASSWORD)
    session = client.session
    session["servicegap_2fa_pending"]["at"] -= 301
    session.save()
    r = client.post("/accounts/login/verify/", {"code": _code(device, 1)})
    assert r.status_code == 302 and r["Location"] == "/accounts/login/" and not _logged_in(client)


def test_turning_two_factor_off_needs_a_current_code(client, users):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = _enrol(client, users["leader"])
    client.force_login(users["leader"])
    assert "Two-factor sign-in is on" in client.get("/accounts/two-factor/").content.decode()
    assert client.post("/accounts/two-factor/", {"code": "12345"}).status_code == 400
    r = client.post("/accounts/two-factor/", {"code": _code(device, 1)})
    assert r.status_code == 302 and not TOTPDevice.objects.filter(user=users["leader"]).exists()
    assert AuditEntry.objects.filter(action="member.two_factor.off").exists()


def test_an_administrator_turns_two_factor_off_for_a_lost_phone(users):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _enrol(Client(), users["owner"])
    result = CliRunner().invoke(main_group, ["two-factor-off", "--email", "OWNER@acme.test"])
    assert result.exit_code == 0, result.output
    assert not TOTPDevice.objects.filter(user=users["owner"]).exists()
    entry = AuditEntry.objects.get(action="member.two_factor.off")
    assert entry.actor == "cli" and entry.detail == {"email": "owner@acme.test"}
    again = CliRunner().invoke(main_group, ["two-factor-off", "--email", "owner@acme.test"])
    assert again.exit_code == 1 and "does not use two-factor" in again.output


# --- single sign-on (OpenID Connect) --------------------------------------------------------------


OIDC_ENV = {
    "SERVICEGAP_OIDC_CLIENT_ID": "servicegap",
    "SERVICEGAP_OIDC_CLIENT_SECRET": "a-client-secret-of-the-provider-0123456789",
    "SERVICEGAP_OIDC_AUTHORIZATION_ENDPOINT": "https://idp.example/authorize",
    "SERVICEGAP_OIDC_TOKEN_ENDPOINT": "https://idp.example/token",
    "SERVICEGAP_OIDC_USERINFO_ENDPOINT": "https://idp.example/userinfo",
    "SERVICEGAP_OIDC_JWKS_ENDPOINT": "https://idp.example/jwks",
}


def test_single_sign_on_is_off_unless_a_client_id_is_set(monkeypatch):
    for name in OIDC_ENV:
        monkeypatch.delenv(name, raising=False)
    assert conf.oidc_settings() == {}


def test_single_sign_on_settings_come_from_the_environment(monkeypatch):
    for name, value in OIDC_ENV.items():
        monkeypatch.setenv(name, value)
    got = conf.oidc_settings()
    assert got["OIDC_ENABLED"] is True and got["OIDC_RP_CLIENT_ID"] == "servicegap"
    assert got["OIDC_OP_TOKEN_ENDPOINT"] == "https://idp.example/token"
    assert got["OIDC_OP_USER_ENDPOINT"] == "https://idp.example/userinfo"
    assert got["OIDC_OP_JWKS_ENDPOINT"] == "https://idp.example/jwks"
    assert got["OIDC_RP_SIGN_ALGO"] == "RS256" and got["OIDC_USE_PKCE"] is True
    assert got["OIDC_CREATE_USER"] is False


def test_single_sign_on_names_what_is_missing_or_unsafe(monkeypatch, tmp_path):
    monkeypatch.setenv("SERVICEGAP_OIDC_CLIENT_ID", "servicegap")
    for name in list(OIDC_ENV)[1:]:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(conf.ConfigError) as missing:
        conf.oidc_settings()
    for name in list(OIDC_ENV)[1:]:
        assert name in str(missing.value)
    for name, value in OIDC_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SERVICEGAP_OIDC_TOKEN_ENDPOINT", "http://idp.example/token")
    with pytest.raises(conf.ConfigError, match="SERVICEGAP_OIDC_TOKEN_ENDPOINT must be an https"):
        conf.oidc_settings()
    monkeypatch.setenv("SERVICEGAP_OIDC_TOKEN_ENDPOINT", "https://idp.example/token")
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.delenv("SERVICEGAP_OIDC_CLIENT_SECRET")
    monkeypatch.setenv("SERVICEGAP_OIDC_CLIENT_SECRET_FILE", str(secret))
    assert conf.oidc_settings()["OIDC_RP_CLIENT_SECRET"] == "from-a-file"


def test_the_provider_names_a_user_by_a_verified_e_mail(users):
    from servicegap.accounts.oidc import user_for_claims

    manager = users["manager"]
    assert list(user_for_claims({"email": "MANAGER@acme.test", "email_verified": True})) == [
        manager
    ]
    assert list(user_for_claims({"email": "manager@acme.test"})) == [manager]
    assert list(user_for_claims({"email": "manager@acme.test", "email_verified": "true"})) == [
        manager
    ]
    assert not user_for_claims({"email": "manager@acme.test", "email_verified": False}).exists()
    assert not user_for_claims({"email": "manager@acme.test", "email_verified": "false"}).exists()
    assert not user_for_claims({"email": ""}).exists()
    assert not user_for_claims({"email": "stranger@acme.test"}).exists()
    manager.is_active = False
    manager.save()
    assert not user_for_claims({"email": "manager@acme.test"}).exists()


class FakeProvider:
    """A minimal OpenID provider on the loopback: token and userinfo endpoints, HS256 ID tokens
    signed with the client secret (the provider side; ServiceGap's side runs unchanged)."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.nonce = ""
        self.claims: dict = {}
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _json(self, payload: dict) -> None:
                body = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:  # the token endpoint
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode())
                assert form["grant_type"] == ["authorization_code"] and form["code_verifier"]
                self._json(
                    {
                        "access_token": "at-1",
                        "id_token": provider.id_token(),
                        "token_type": "Bearer",
                    }
                )

            def do_GET(self) -> None:  # the userinfo endpoint
                assert self.headers["Authorization"] == "Bearer at-1"
                self._json(provider.claims)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def id_token(self) -> str:
        from josepy import HS256, JWS, JWKOct

        payload = {
            "iss": self.url,
            "sub": "user-1",
            "aud": "servicegap",
            "nonce": self.nonce,
            "exp": int(time.time()) + 300,
        }
        key = JWKOct(key=self.secret.encode())
        return (
            JWS.sign(json.dumps(payload).encode(), key=key, alg=HS256, protect=frozenset(["alg"]))
            .to_compact()
            .decode()
        )

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(settings, monkeypatch):
    secret = "a-client-secret-of-the-provider-0123456789"
    idp = FakeProvider(secret)
    env = {
        **OIDC_ENV,
        "SERVICEGAP_OIDC_AUTHORIZATION_ENDPOINT": idp.url + "/authorize",
        "SERVICEGAP_OIDC_TOKEN_ENDPOINT": idp.url + "/token",
        "SERVICEGAP_OIDC_USERINFO_ENDPOINT": idp.url + "/userinfo",
        "SERVICEGAP_OIDC_SIGN_ALGO": "HS256",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SERVICEGAP_OIDC_JWKS_ENDPOINT")
    # The same wiring settings.py does at start-up, from the same function.
    for name, value in conf.oidc_settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "servicegap.accounts.oidc.OidcBackend",
    ]
    yield idp
    idp.close()


def _sign_on(client: Client, idp: FakeProvider, claims: dict):
    r = client.get("/accounts/oidc/authenticate/?next=/w/acme/standards/")
    assert r.status_code == 302 and r["Location"].startswith(idp.url + "/authorize?")
    query = parse_qs(urlsplit(r["Location"]).query)
    assert query["client_id"] == ["servicegap"] and query["code_challenge_method"] == ["S256"]
    idp.nonce, idp.claims = query["nonce"][0], claims
    return client.get("/accounts/oidc/callback/", {"code": "code-1", "state": query["state"][0]})


def test_single_sign_on_logs_in_the_member_with_the_providers_e_mail(client, users, provider):
    login_page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/oidc/authenticate/"' in login_page and "Single sign-on" in login_page
    r = _sign_on(client, provider, {"email": "Leader@Acme.test", "email_verified": True})
    assert r.status_code == 302 and r["Location"] == "/w/acme/standards/"
    assert client.get("/w/acme/").context["user"] == users["leader"]


def test_single_sign_on_creates_nobody_and_says_why(client, users, provider):
    from django.contrib.auth import get_user_model

    before = get_user_model().objects.count()
    r = _sign_on(client, provider, {"email": "stranger@acme.test", "email_verified": True})
    assert r.status_code == 302 and r["Location"] == "/accounts/login/?sso=failed"
    assert get_user_model().objects.count() == before and not _logged_in(client)
    assert "did not find a ServiceGap account" in client.get(r["Location"]).content.decode()
    r = _sign_on(client, provider, {"email": "leader@acme.test", "email_verified": False})
    assert r["Location"] == "/accounts/login/?sso=failed" and not _logged_in(client)


def test_without_single_sign_on_its_urls_lead_back_to_the_login_page(client, db):
    assert client.get("/accounts/oidc/authenticate/")["Location"] == "/accounts/login/"
    assert client.get("/accounts/oidc/callback/?code=x&state=y")["Location"] == "/accounts/login/"
    assert "oidc" not in client.get("/accounts/login/").content.decode()


# --- headers, cookies, Content-Security-Policy ----------------------------------------------------


def test_pages_carry_the_security_headers_and_a_strict_csp(client, users):
    r = client.get("/accounts/login/")
    csp = r["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["X-Frame-Options"] == "DENY"
    assert r["Cross-Origin-Opener-Policy"] == "same-origin"
    csrf = r.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    r = _login(client, "owner@acme.test", PASSWORD)
    session = r.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


# The one page outside the API that takes a post without a CSRF token: RFC 8058 one-click
# unsubscribe, posted by the mail provider; the link's secret token is the protection.
CSRF_EXEMPT_PAGES = {"r/<slug:slug>/u/<str:token>/"}
CSRF_EXEMPT_TEMPLATES = {"servicegap/invitations/templates/invitations/unsubscribe.html"}


def test_no_page_outside_the_api_skips_the_csrf_check_unless_listed():
    from tests.project.test_personas import routes

    exempt = set()
    for route, pattern in routes():  # every URL but the API (bearer keys, no cookies)
        if pattern is not None and getattr(pattern.callback, "csrf_exempt", False):
            exempt.add(route)
    assert exempt == CSRF_EXEMPT_PAGES


def test_every_form_posts_with_a_csrf_token(client, users):
    from django.test import Client as StrictClient

    strict = StrictClient(enforce_csrf_checks=True)
    r = strict.post("/accounts/login/", {"username": "owner@acme.test", "password": PASSWORD})
    assert r.status_code == 403
    strict.force_login(users["owner"])
    assert strict.post("/w/acme/channels/", {"form": "settings"}).status_code == 403
    for path in (ROOT / "servicegap").rglob("*.html"):
        if path.relative_to(ROOT).as_posix() in CSRF_EXEMPT_TEMPLATES:
            continue
        text = path.read_text()
        for form in re.findall(r"<form\b[^>]*>.*?</form>", text, flags=re.S | re.I):
            if re.search(r'method="post"', form, flags=re.I):
                assert "{% csrf_token %}" in form, f"{path.relative_to(ROOT)}: a form without CSRF"


def test_https_mode_sends_hsts_and_secure_cookies(tmp_path):
    code = (
        "from django.conf import settings as s; import django; django.setup(); "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERVICEGAP_")}
    env.update(
        DJANGO_SETTINGS_MODULE="servicegap.settings",
        SERVICEGAP_HTTPS="true",
        SERVICEGAP_DATA_DIR=str(tmp_path),
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.split() == ["31536000", "True", "True", "True"], out.stderr


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle=\"", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+=\"", re.I), "an inline event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_no_template_has_inline_script_or_style_the_csp_would_block():
    found = []
    for path in (ROOT / "servicegap").rglob("*.html"):
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                snippet = match.group(0)
                if 'type="application/json"' in snippet:
                    continue  # data, not script
                found.append(f"{path.relative_to(ROOT)}: {what}: {snippet}")
    assert found == []


def test_the_widget_script_stays_loadable_by_other_sites(client, db):
    r = client.get("/static/servicegap/widget.js")
    assert r.status_code == 200 and "javascript" in r["Content-Type"]
    # Nothing that would stop a <script src> on another origin: no resource policy, no CSP
    # of ours (the embedding page's own policy governs the script).
    assert "Cross-Origin-Resource-Policy" not in r and "Content-Security-Policy" not in r


# --- API keys: last use written at most once a minute ---------------------------------------------


def test_two_api_requests_within_a_minute_write_last_used_once(client, workspace):
    from servicegap.accounts.models import ApiKey

    key, raw = ApiKey.issue(workspace, ["read"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/units", **auth).status_code == 200
        assert client.get("/api/v1/units", **auth).status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("UPDATE") and "accounts_apikey" in q["sql"]
    ]
    assert len(writes) == 1
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now() - timedelta(seconds=61))
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/units", **auth)
    assert (
        sum("accounts_apikey" in q["sql"] and q["sql"].startswith("UPDATE") for q in queries) == 1
    )


# --- unit scope ---------------------------------------------------------------------------------


@pytest.fixture
def answers_by_unit(workspace, standards):
    from servicegap.surveys.contract import record_response

    for unit in ("SALES", "SERVICE"):
        for i in range(6):
            answers = [
                {"item": "GREET", "kind": "expectation", "value": 6},
                {"item": "GREET", "kind": "experience", "value": 3 + i % 3},
            ]
            response = {"submitted_at": "2026-03-10T10:00:00Z", "perspective": "customer"}
            record_response(workspace, {**response, "unit": unit, "answers": answers})


def _units_in_report(client: Client, query: str) -> set[str]:
    r = client.get(f"/w/acme/reports/gaps/?{query}&format=csv")
    assert r.status_code == 200, r.status_code
    rows = r.content.decode().splitlines()
    column = rows[0].split(",").index("unit")
    return {line.split(",")[column] for line in rows[1:]}


def test_a_manager_sees_the_rows_of_their_own_units_only(client, users, answers_by_unit):
    from servicegap.accounts.services import set_membership

    client.force_login(users["owner"])
    assert _units_in_report(client, "by=unit") == {"SALES", "SERVICE"}
    client.force_login(users["manager"])  # manages SALES
    assert _units_in_report(client, "by=unit") == {"SALES"}
    assert client.get("/w/acme/reports/gaps/?unit=SALES").status_code == 200
    assert client.get("/w/acme/reports/gaps/?unit=SERVICE").status_code == 404
    assert client.get("/w/acme/reports/gaps/?unit=HQ").status_code == 404  # the unit above
    head, _ = set_membership(
        users["owner"].memberships.first().workspace, "head@acme.test", "manager", ["HQ"]
    )
    client.force_login(head)  # a manager of HQ sees the units below it
    assert _units_in_report(client, "by=unit") == {"SALES", "SERVICE"}


# --- the audit log --------------------------------------------------------------------------------


def _actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def test_admin_actions_on_the_pages_are_audited(client, users, workspace, standards):
    client.force_login(users["owner"])
    pk = users["employee"].memberships.get().pk
    client.post(f"/w/acme/users/{pk}/", {"role": "manager", "units": ["SALES"]})
    client.post(
        "/w/acme/channels/",
        {"form": "settings", "public_feedback": "on", "allowed_origins": "https://shop.example"},
    )
    new = {"template": "perception", "code": "PULSE", "title": "Pulse", "scale_max": "7"}
    new |= {"languages": "en", "standards": ["GREET"], "nps": "on"}
    assert client.post("/w/acme/surveys/new/", new).status_code == 302
    client.post("/w/acme/surveys/PULSE/publish/")
    client.post("/w/acme/surveys/PULSE/close/")
    client.get("/w/acme/reports/gaps/?format=csv")
    assert _actions() == [
        "member.change",
        "channels.settings",
        "survey.publish",
        "survey.close",
        "export.report",
    ]
    entry = AuditEntry.objects.get(action="export.report")
    assert entry.actor == "owner@acme.test" and entry.detail["kind"] == "gaps"
    assert AuditEntry.objects.get(action="survey.publish").detail == {
        "survey": "PULSE",
        "version": 1,
    }


def test_cli_admin_actions_exports_and_backups_are_audited(users, workspace, standards, tmp_path):
    run = CliRunner()
    ok = run.invoke(main_group, ["--workspace", "acme", "apikey", "create", "--scope", "read"])
    assert ok.exit_code == 0, ok.output
    prefix = AuditEntry.objects.get(action="apikey.create").detail["prefix"]
    assert (
        run.invoke(main_group, ["--workspace", "acme", "apikey", "revoke", prefix]).exit_code == 0
    )
    out = tmp_path / "standards.csv"
    assert (
        run.invoke(
            main_group, ["--workspace", "acme", "export", "standards", "--output", str(out)]
        ).exit_code
        == 0
    )
    backup = tmp_path / "all.sgbackup"
    result = run.invoke(main_group, ["backup", "--quiet", str(backup)])
    assert result.exit_code == 0, result.output
    got = [a for a in _actions() if not a.startswith("user.")]
    assert got[:3] == ["apikey.create", "apikey.revoke", "export.standards"]
    # A backup takes every workspace's data: each workspace's log says so.
    backups = AuditEntry.objects.filter(action="backup.write")
    assert {e.workspace.slug for e in backups} == {"acme", "other"}
    assert all(e.actor == "cli" and e.detail["file"] == str(backup) for e in backups)


def test_owners_read_the_audit_log_of_their_workspace_only(
    client, users, workspace, other_workspace
):
    AuditEntry.objects.create(
        workspace=workspace, actor="cli", action="apikey.create", detail={"prefix": "sg_abc"}
    )
    AuditEntry.objects.create(workspace=workspace, actor="owner@acme.test", action="export.report")
    AuditEntry.objects.create(
        workspace=other_workspace, actor="cli", action="apikey.revoke", detail={"prefix": "sg_zzz"}
    )
    client.force_login(users["owner"])
    home = client.get("/w/acme/").content.decode()
    assert 'href="/w/acme/audit/"' in home
    page = client.get("/w/acme/audit/").content.decode()
    assert "apikey.create" in page and "sg_abc" in page and "export.report" in page
    assert "sg_zzz" not in page
    only = client.get("/w/acme/audit/?action=export").content.decode()
    assert "export.report" in only and "sg_abc" not in only
    client.force_login(users["leader"])
    assert client.get("/w/acme/audit/").status_code == 404
    assert 'href="/w/acme/audit/"' not in client.get("/w/acme/").content.decode()


# --- refusing to start in production --------------------------------------------------------------


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERVICEGAP_")}
    env.update(SERVICEGAP_DATA_DIR=str(data_dir), **extra)
    return env


@pytest.fixture(scope="module")
def initialised(tmp_path_factory):
    data = tmp_path_factory.mktemp("prod") / "data"
    done = subprocess.run(
        [*CLI, "init", "--workspace", "t"],
        env=_env(data),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return data


def test_serve_refuses_debug_in_production(initialised):
    done = subprocess.run(
        [*CLI, "serve", "--port", "1"],
        env=_env(initialised, SERVICEGAP_DEBUG="true"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Refusing to start in production" in done.stderr
    assert "SERVICEGAP_DEBUG=true" in done.stderr and "serving on" not in done.stderr


def test_serve_refuses_a_default_secret(initialised):
    done = subprocess.run(
        [*CLI, "serve", "--port", "1"],
        env=_env(initialised, SERVICEGAP_SECRET_KEY="secret"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "without a strong secret" in done.stderr


def test_the_wsgi_application_refuses_debug_in_production(initialised):
    code = "import servicegap.wsgi"
    refused = subprocess.run(
        [sys.executable, "-c", code],
        env=_env(initialised, SERVICEGAP_DEBUG="true"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0 and "SERVICEGAP_DEBUG=true" in refused.stderr
    allowed = subprocess.run(
        [sys.executable, "-c", code],
        env=_env(initialised, SERVICEGAP_DEBUG="true", SERVICEGAP_MODE="development"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert allowed.returncode == 0, allowed.stderr
