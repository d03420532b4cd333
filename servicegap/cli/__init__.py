"""The `servicegap` command line. One module per noun (here, or a capability's ``cli`` module);
this file only assembles them."""

from __future__ import annotations

import importlib
import sys

import click

from servicegap.cli.base import CliError, run_guarded
from servicegap.cli.base import group as main_group


def _register() -> None:
    """The commands of the CLI's own modules, then each capability's (``cli`` in its AppConfig)."""
    from servicegap.cli import accounts, backup, demo, report, serve, setup, transfer
    from servicegap.core.capabilities import cli_modules

    modules = [setup, accounts, serve, demo, transfer, report, backup]
    modules += [importlib.import_module(path) for path in cli_modules()]
    for module in modules:
        for command in module.COMMANDS:
            main_group.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: errors become one sentence on stderr, never a traceback."""
    sys.exit(run_guarded(main_group, argv))


__all__ = ["CliError", "click", "main", "main_group"]
