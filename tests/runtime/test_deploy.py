"""The systemd units in deploy/systemd/: each ExecStart is a valid `servicegap` command line, and
the units, the environment file and the README's install block agree on paths and user."""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from unittest import mock

import click
import pytest

from servicegap import conf
from servicegap.cli import main_group

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))


def _unit(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.lstrip().startswith(("#", ";", "[")):
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def parse_command_line(argv: list[str]) -> tuple[str, dict]:
    """Parse ``servicegap ARGS`` as the CLI would, without running it: the command's name and
    its parsed parameters; a click error for an unknown command, option or bad value."""
    ctx = main_group.make_context("servicegap", list(argv))
    name, command, rest = main_group.resolve_command(ctx, [*ctx._protected_args, *ctx.args])
    assert command is not None and name is not None
    sub = command.make_context(name, rest, parent=ctx)
    return name, sub.params


def test_there_is_a_web_unit_and_a_worker_unit():
    assert [p.name for p in UNITS] == ["servicegap-web.service", "servicegap-worker.service"]


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_each_exec_start_is_a_valid_servicegap_command_line(path):
    unit = _unit(path)
    assert len(unit["ExecStart"]) == 1
    argv = shlex.split(unit["ExecStart"][0])
    assert argv[0] == "/opt/servicegap/bin/servicegap"
    name, params = parse_command_line(argv[1:])
    if path.name == "servicegap-web.service":
        # The worker runs in its own unit: the web unit must not start a second one.
        assert name == "serve" and params["no_worker"] is True
        assert params["host"] == "127.0.0.1"
    else:
        assert name == "worker" and params["batch"] is False and params["no_scheduler"] is False


def test_the_parser_refuses_a_wrong_command_line():
    with pytest.raises(click.UsageError):
        parse_command_line(["serve", "--no-such-option"])
    with pytest.raises(click.UsageError):
        parse_command_line(["serv"])
    with pytest.raises(click.BadParameter):
        parse_command_line(["serve", "--port", "0"])


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_the_units_run_as_the_service_user_with_the_shared_settings(path):
    unit = _unit(path)
    settings = _env_file()
    assert unit["User"] == ["servicegap"] and unit["Group"] == ["servicegap"]
    assert unit["EnvironmentFile"] == ["/etc/servicegap/servicegap.env"]
    # The only place it may write is the data directory of its settings.
    assert unit["ProtectSystem"] == ["strict"]
    assert unit["ReadWritePaths"] == [settings["SERVICEGAP_DATA_DIR"]]
    assert unit["Restart"] == ["on-failure"]
    readme = (ROOT / "README.md").read_text()
    assert f"deploy/systemd/{path.name}" in readme


def _env_file() -> dict[str, str]:
    found = {}
    for line in (ROOT / "deploy" / "servicegap.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            found[key] = value
    return found


def test_the_environment_file_names_only_known_settings_and_no_secret():
    names = _env_file()
    bare = {k: v for k, v in os.environ.items() if not k.startswith("SERVICEGAP_")}
    with mock.patch.dict(os.environ, bare, clear=True):  # restored afterwards, whole
        assert sorted(conf.load_env_file(ROOT / "deploy" / "servicegap.env")) == sorted(names)
    # Secrets come from files (the _FILE settings), never from this file.
    assert not set(names) & set(conf.SECRET_SETTINGS)
    assert names["SERVICEGAP_DATABASE_URL_FILE"] == "/etc/servicegap/database_url"
