"""Shared fixtures: a workspace with units and standards, and the personas of STYLE.md.

Personas: owner, leader, a manager of one unit, a front-line employee, an anonymous visitor, and
a user of another workspace who must see nothing of this one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

os.environ.setdefault("SERVICEGAP_DEBUG", "false")
# The lexicon engine labels comments in tests (the demo builds included): loading all-MiniLM-L6-v2
# costs seconds per process; tests/text/test_engine_minilm.py asks for minilm itself.
os.environ.setdefault("SERVICEGAP_TEXT_BACKEND", "lexicon")

# The browser tests' fixtures and helpers (one Chromium per run, the Content-Security-Policy watch,
# ``artifacts``), for the browser tests that live beside each app's other tests.
pytest_plugins = ["tests.browser_support"]

CHROMIUM = os.environ.get("SERVICEGAP_CHROMIUM", "/usr/bin/chromium")
_LEFT_OUT: list[str] = []


def pytest_collection_modifyitems(config, items):
    """Browser tests run last (they share one Chromium, whose event loop stays in the thread).
    Without Chromium a bare ``pytest`` leaves them out and says so at the end, unless
    ``SERVICEGAP_REQUIRE_BROWSER`` is set (``scripts/test`` sets it: there they must run)."""
    browser = [item for item in items if item.get_closest_marker("browser")]
    rest = [item for item in items if not item.get_closest_marker("browser")]
    if (
        browser
        and not os.path.exists(CHROMIUM)
        and not os.environ.get("SERVICEGAP_REQUIRE_BROWSER")
    ):
        config.hook.pytest_deselected(items=browser)
        _LEFT_OUT.extend(item.nodeid for item in browser)
        browser = []
    items[:] = rest + browser


def pytest_terminal_summary(terminalreporter):
    if _LEFT_OUT:
        terminalreporter.write_line(
            f"left out {len(_LEFT_OUT)} browser tests: no Chromium at {CHROMIUM} "
            "(scripts/test installs it and runs them)",
            yellow=True,
        )


PASSWORD = "correct-horse-battery-staple"


@dataclass
class Persona:
    name: str
    email: str
    role: str | None
    units: tuple[str, ...] = ()


PERSONAS = {
    "owner": Persona("owner", "owner@acme.test", "owner"),
    "leader": Persona("leader", "leader@acme.test", "leader"),
    "manager": Persona("manager", "manager@acme.test", "manager", ("SALES",)),
    "employee": Persona("employee", "employee@acme.test", "employee", ("SALES",)),
    "outsider": Persona("outsider", "outsider@other.test", "owner"),
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher; tests that create many users use a cheap one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def workspace(db):
    from servicegap.core.models import Workspace
    from servicegap.people.models import Unit

    ws = Workspace.objects.create(slug="acme", name="Acme Motors")
    hq = Unit.objects.create(workspace=ws, code="HQ", name="Head office")
    Unit.objects.create(workspace=ws, code="SALES", name="Sales", parent=hq)
    Unit.objects.create(workspace=ws, code="SERVICE", name="Service", parent=hq)
    return ws


@pytest.fixture
def other_workspace(db):
    from servicegap.core.models import Workspace
    from servicegap.people.models import Unit

    ws = Workspace.objects.create(slug="other", name="Other Ltd")
    Unit.objects.create(workspace=ws, code="HQ", name="Other head office")
    return ws


@pytest.fixture
def standards(workspace):
    from servicegap.standards.models import Standard

    made = []
    for code, title, dim in [
        ("GREET", "Greets every customer by name", "people"),
        ("CALLBACK", "Calls back within one working day", "process"),
        ("CLEAN", "Returns the car cleaner than it came", "product"),
    ]:
        s = Standard(
            workspace=workspace,
            code=code,
            title=title,
            dimension=dim,
            target=6,
            behaviours=["Looks up", "Uses the name"],
        )
        s.save_version()
        made.append(s)
    return made


@pytest.fixture
def users(workspace, other_workspace):
    """One user per persona (anonymous has none); returns {persona name: User}."""
    from servicegap.accounts.services import set_membership

    made = {}
    for p in PERSONAS.values():
        ws = other_workspace if p.name == "outsider" else workspace
        made[p.name], _ = set_membership(ws, p.email, p.role, list(p.units), PASSWORD)
    return made


@pytest.fixture
def login(client, users):
    """login('manager') logs the test client in as that persona."""

    def _login(name: str):
        client.force_login(users[name])
        return client

    return _login


@pytest.fixture
def api_key(workspace):
    from servicegap.accounts.models import ApiKey

    _, raw = ApiKey.issue(workspace, ["ingest", "read"])
    return raw
