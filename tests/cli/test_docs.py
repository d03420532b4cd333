from pathlib import Path

from click.testing import CliRunner

from servicegap.cli import main_group
from servicegap.cli.reference import render

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = [
    "init",
    "createuser",
    "apikey",
    "serve",
    "worker",
    "demo",
    "import",
    "export",
    "report",
    "backup",
    "restore",
]


def test_help_lists_every_command_of_the_contract():
    result = CliRunner().invoke(main_group, ["--help"])
    assert result.exit_code == 0
    listed = {
        line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()
    }
    assert set(CONTRACT) <= listed


def test_the_cli_reference_is_current():
    assert (ROOT / "docs" / "cli.md").read_text() == render(), (
        "docs/cli.md is stale: run `python -m servicegap.cli.reference > docs/cli.md`"
    )
