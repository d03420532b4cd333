"""Each app declares its slice (servicegap/core/capabilities.py): the registry finds every app,
its pages are in the navigation, its jobs are scheduled, and nothing central lists them."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.urls import URLPattern, URLResolver, reverse
from django.utils.module_loading import import_string

from servicegap.core import capabilities
from servicegap.installed import APPS
from servicegap.runtime import schedule

ROOT = Path(__file__).resolve().parents[2] / "servicegap"


def _names(patterns) -> set[str]:
    found: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            found |= _names(p.url_patterns)
        elif isinstance(p, URLPattern) and p.name:
            found.add(p.name)
    return found


def test_every_installed_app_of_the_product_is_a_capability():
    configs = {c.name: c for c in capabilities.capabilities()}
    assert list(configs) == list(APPS)
    for name in APPS:
        assert isinstance(apps.get_app_config(name.rsplit(".", 1)[1]), capabilities.Capability)


def test_every_app_with_workspace_pages_has_its_page_in_the_navigation():
    nav = {entry.url_name for entry in capabilities.nav_entries()}
    for config in capabilities.capabilities():
        try:
            urls = importlib.import_module(f"{config.name}.urls")
        except ModuleNotFoundError:
            continue
        pages = _names(getattr(urls, "workspace_urlpatterns", []))
        if pages:
            assert pages & nav, f"{config.name} has pages under /w/<slug>/ but no nav entry"
    for entry in capabilities.nav_entries():
        assert reverse(entry.url_name, kwargs={"slug": "acme"}).startswith("/w/acme/")


def test_the_navigation_is_in_the_declared_order():
    orders = [entry.order for entry in capabilities.nav_entries()]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


def test_every_declared_job_is_scheduled_and_its_target_imports():
    declared = {job.name: job for c in capabilities.capabilities() for job in c.jobs}
    assert {job.name for job in schedule.jobs()} == set(declared)
    for job in declared.values():
        assert callable(import_string(job.target)) or hasattr(import_string(job.target), "call")


def test_no_central_list_of_apps_pages_or_jobs_is_left():
    """The site's URL map and the scheduler import no capability: they read the registry (the
    shell's error pages and the API's mount point excepted)."""
    site_urls = (ROOT / "urls.py").read_text()
    for name in APPS:
        if name not in ("servicegap.core", "servicegap.api"):
            assert f"{name}." not in site_urls
    assert "register(Job(" not in (ROOT / "runtime" / "schedule.py").read_text()
    assert not (ROOT / "api" / "routes.py").exists()


def test_the_api_app_declares_no_router_of_its_own():
    """Each capability's endpoints are in its own ``api.py``; servicegap/api is infrastructure."""
    declared = {c.name: c.api_routers for c in capabilities.capabilities() if c.api_routers}
    assert declared and "servicegap.api" not in declared
    for app, paths in declared.items():
        assert all(p.startswith(f"{app}.api:") for p in paths), app


def test_no_app_imports_another_apps_views():
    for path in ROOT.rglob("*.py"):
        app = path.relative_to(ROOT).parts[0]
        for line in path.read_text().splitlines():
            line = line.strip()
            if line.startswith(("from servicegap.", "import servicegap.")) and "views" in line:
                words = line.split()
                module = words[1]
                owner = module.split(".")[1]
                assert owner == app, f"{path}: {line}"


def test_the_cli_has_every_capabilitys_commands():
    from servicegap.cli import main_group

    for module in capabilities.cli_modules():
        for command in importlib.import_module(module).COMMANDS:
            assert main_group.commands[command.name] is command


def test_every_import_kind_lives_in_the_app_that_declares_it_in_the_order_of_the_help():
    from servicegap.transfer import registry

    assert registry.names() == [
        "units", "links", "standards", "journeys", "people", "training", "responses", "feedback",
        "indicator-definitions", "indicators", "competitors", "transactions", "actions",
        "limesurvey", "limesurvey-responses", "qualtrics-survey", "qualtrics-responses", "wide",
    ]  # fmt: skip
    for config in capabilities.capabilities():
        for declared in config.import_kinds:
            assert declared.module.startswith(f"{config.name}."), declared
            assert registry.get_kind(declared.name).name == declared.name


def test_the_import_kinds_are_listed_before_django_is_set_up():
    """`servicegap import --help` builds its choice of kinds when the CLI module is imported."""
    code = (
        "import django.apps, sys; from servicegap.transfer.registry import names; "
        "assert not django.apps.apps.ready; print(','.join(names()))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(",")[0] == "units"


def test_every_workspace_parameter_is_annotated():
    """A ``workspace`` or ``ws`` parameter says what it is (``Workspace``) everywhere but lib/."""
    import ast

    import servicegap

    root = Path(servicegap.__file__).parent
    bare = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] == "lib" or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            a = node.args
            for arg in [*a.posonlyargs, *a.args, a.vararg, *a.kwonlyargs, a.kwarg]:
                if arg is not None and arg.arg in ("workspace", "ws") and arg.annotation is None:
                    where = path.relative_to(root.parent)
                    bare.append(f"{where}:{node.lineno} {node.name}({arg.arg})")
    assert not bare, "unannotated workspace parameters:\n" + "\n".join(bare)
