"""The `servicegap` command line. One module per noun; this file only assembles them."""

from __future__ import annotations

import sys

import click

from servicegap.cli.base import CliError, run_guarded
from servicegap.cli.base import group as main_group


def _register() -> None:
    from servicegap.cli import (
        accounts,
        aggregates,
        backup,
        demo,
        person,
        report,
        serve,
        setup,
        transfer,
    )

    for module in (setup, accounts, serve, demo, transfer, report, aggregates, backup, person):
        for command in module.COMMANDS:
            main_group.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: errors become one sentence on stderr, never a traceback."""
    sys.exit(run_guarded(main_group, argv))


__all__ = ["CliError", "click", "main", "main_group"]
