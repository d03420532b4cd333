"""Each app declares its slice of the product; this module collects the declarations.

An app's ``AppConfig`` subclasses ``Capability`` and says what it brings:

- ``nav``: its entries in the workspace navigation (``NavEntry``, placed by ``order``);
- ``jobs``: its scheduled jobs (``Job``), registered with the scheduler when the app is ready;
- ``api_routers``: dotted paths (``module:router``) of its Django Ninja routers under ``/api/v1``;
- ``cli``: dotted path of a module whose ``COMMANDS`` are added to the ``servicegap`` command;
- ``report_kinds``: dotted paths (``module:KIND``) of its report kinds (``servicegap.reports``);
- ``personal_data``: dotted path (``module:HANDLER``) of what ``person export`` and ``person
  erase`` do with its rows (``servicegap.people.handlers``);
- ``import_kinds``: its kinds of `servicegap import` and `export` (``ImportKind``: name, module
  defining ``KIND``, place by ``order``; ``servicegap.transfer.registry``);
- ``ingest_hooks``: dotted paths (``module:fn``) called with each batch of stored responses or
  feedback, in the storing transaction (``servicegap.core.ingest``).

Its URLs are found by Django's own convention: ``<app>/urls.py`` may define
``workspace_urlpatterns`` (pages under ``/w/<slug>/``), ``respondent_urlpatterns`` (public pages
under ``/r/<slug>/``) and ``urlpatterns`` (anywhere else); its templates and static files sit in
``<app>/templates/<app>/`` and ``<app>/static/``. So a new capability is one app and one line in
``servicegap.installed.APPS``; nothing central is edited (docs/architecture.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any, ClassVar

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string, module_has_submodule

from servicegap.core.nav import NavEntry
from servicegap.reports import registry as reports
from servicegap.runtime.schedule import Job, register
from servicegap.transfer.registry import ImportKind


class Capability(AppConfig):
    """An app of ServiceGap, with the slice of the product it declares (see the module)."""

    nav: ClassVar[tuple[NavEntry, ...]] = ()
    jobs: ClassVar[tuple[Job, ...]] = ()
    api_routers: ClassVar[tuple[str, ...]] = ()
    cli: ClassVar[str] = ""
    report_kinds: ClassVar[tuple[str, ...]] = ()
    personal_data: ClassVar[str] = ""
    import_kinds: ClassVar[tuple[ImportKind, ...]] = ()
    ingest_hooks: ClassVar[tuple[str, ...]] = ()

    def ready(self) -> None:
        for job in self.jobs:
            register(job)
        for path in self.report_kinds:
            reports.declare(path)  # imported when the registry is first read


def capabilities() -> Iterator[Capability]:
    """The installed capabilities, in the order of ``servicegap.installed.APPS``."""
    for config in apps.get_app_configs():
        if isinstance(config, Capability):
            yield config


def nav_entries() -> list[NavEntry]:
    entries = [entry for c in capabilities() for entry in c.nav]
    return sorted(entries, key=lambda e: e.order)


def api_routers() -> list[Any]:
    return [import_string(path.replace(":", ".")) for c in capabilities() for path in c.api_routers]


def personal_data_handlers() -> list[Any]:
    return [
        import_string(c.personal_data.replace(":", ".")) for c in capabilities() if c.personal_data
    ]


def declared() -> Iterator[type[Capability]]:
    """Each app's ``Capability`` class, in the order of ``servicegap.installed.APPS``, read from
    its ``apps`` module without Django set up (the CLI builds its help first)."""
    from servicegap.installed import APPS

    for app in APPS:
        module = importlib.import_module(f"{app}.apps")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Capability)
                and value is not Capability
            ):
                yield value


def cli_modules() -> list[str]:
    """The capabilities' CLI modules, read before Django is set up."""
    return [c.cli for c in declared() if c.cli]


def import_kinds() -> list[ImportKind]:
    """Every capability's import and export kinds, in their declared order; read before Django
    is set up (the CLI lists the names in its help). A name declared twice is an error."""
    found = sorted((k for c in declared() for k in c.import_kinds), key=lambda k: k.order)
    names = [k.name for k in found]
    if len(set(names)) != len(names):
        raise ValueError(f"an import kind is declared twice: {', '.join(names)}")
    return found


def url_patterns(name: str) -> list[Any]:
    """Every capability's ``urls.<name>`` list, in app order."""
    found: list[Any] = []
    for config in capabilities():
        if module_has_submodule(config.module, "urls"):
            module = importlib.import_module(f"{config.name}.urls")
            found += getattr(module, name, [])
    return found
