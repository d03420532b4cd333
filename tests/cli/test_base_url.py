"""Links, QR codes and widget snippets point where `servicegap serve` really listens."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from django.test import RequestFactory

from servicegap.core.baseurl import RequestOriginMiddleware, base_url, serve_base_url
from servicegap.surveys.qr import qr_image
from tests.ops_support import CLI, ROOT, clean_env, free_port

# --- the rule (pure) ---


def test_a_named_host_gives_its_own_address_and_a_wildcard_follows_the_request():
    assert serve_base_url("127.0.0.1", 8101, ["localhost"]) == ("http://127.0.0.1:8101", False)
    assert serve_base_url("::1", 9000, []) == ("http://[::1]:9000", False)
    # Every interface: the request's Host; without a request, the first named allowed host.
    assert serve_base_url("0.0.0.0", 8101, ["*", ".cx.example.org"]) == (  # noqa: S104
        "http://cx.example.org:8101",
        True,
    )


def test_with_a_wildcard_bind_a_page_uses_the_host_it_was_asked_on(settings):
    settings.BASE_URL = "http://cx.example.org:8101"
    settings.ALLOWED_HOSTS = ["cx.example.org", "10.0.0.5"]
    seen = []
    middleware = RequestOriginMiddleware(lambda request: seen.append(base_url()))
    settings.BASE_URL_FROM_REQUEST = True
    middleware(RequestFactory().get("/", HTTP_HOST="10.0.0.5:8101"))
    assert seen == ["http://10.0.0.5:8101"]
    assert base_url() == "http://cx.example.org:8101"  # outside a request (the worker's e-mails)
    settings.BASE_URL_FROM_REQUEST = False  # an explicit SERVICEGAP_BASE_URL always wins
    middleware(RequestFactory().get("/", HTTP_HOST="10.0.0.5:8101"))
    assert seen[-1] == "http://cx.example.org:8101"


# --- a real server on a port that is not 8000 ---

SETUP = """
import django
django.setup()
from django.test import Client
from servicegap.accounts.services import set_membership
from servicegap.core.models import Workspace
from tests.invitation_support import make_survey
ws = Workspace.objects.get(slug="t")
user, _ = set_membership(ws, "owner@example.org", "owner", [], "a-long-test-password-1")
make_survey(ws, "PULSE")
client = Client()
client.force_login(user)
print(client.cookies["sessionid"].value)
"""


def _opener(session: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"sessionid={session}")]
    return opener


@pytest.mark.slow
def test_serve_on_another_port_hands_out_links_qr_codes_and_snippets_on_that_port(tmp_path):
    env = clean_env(SERVICEGAP_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [*CLI, "init", "--workspace", "t"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    setup = subprocess.run(
        [sys.executable, "-c", SETUP],
        env={**env, "DJANGO_SETTINGS_MODULE": "servicegap.settings", "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    session = setup.stdout.strip().splitlines()[-1]
    port = free_port()
    assert port != 8000
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [*CLI, "serve", "--no-worker", "--port", str(port), "--workers", "1"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    origin = f"http://127.0.0.1:{port}"
    opener = _opener(session)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with opener.open(f"{origin}/w/t/surveys/PULSE/", timeout=10) as r:
                    survey_page = r.read().decode()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "server not up"
                time.sleep(0.3)
        link = f"{origin}/r/t/s/PULSE/"
        assert link in survey_page
        assert "127.0.0.1:8000" not in survey_page
        with opener.open(f"{origin}/w/t/surveys/PULSE/qr.png", timeout=10) as r:
            assert r.read() == qr_image(link, "png")  # the QR code encodes exactly that link
        with opener.open(f"{origin}/w/t/channels/", timeout=10) as r:
            channels = r.read().decode()
        assert f'src="{origin}/static/servicegap/widget.js"' in channels.replace("&quot;", '"')
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
