"""The README's "Install for real" block, run as written against a throwaway PostgreSQL.

The block is taken from README.md and run by bash, line by line, in a copy of the checkout. What
a test cannot do for real is done by shims on PATH that check their arguments and do the part
that matters: `apt-get` (the packages are installed already), `useradd` (makes the home
directory), `python3 -m venv` plus `pip install ".[postgres]"` (a venv whose `servicegap` is
this checkout's), `runuser` (runs the command as the test's user), `install -g`/`chgrp`
(ownership by a group that does not exist here) and `systemctl` (starts each unit's ExecStart,
with its EnvironmentFile, as systemd would). `openssl`, `psql`, `createdb`, every `servicegap`
command and the two services run for real; the role's password is checked (scram-sha-256 over
TCP). System paths (/etc, /opt, /var/lib) point into a temporary folder, and the ports 5432 and
8000 to free ones: those substitutions, and nothing else, are applied to the block and to the
copied deploy/ files.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.ops_support import ROOT, free_port, throwaway_postgres

pytestmark = pytest.mark.slow

SYSTEMCTL = r'''#!{python}
"""systemctl for the test: daemon-reload, and enable --now UNIT... starting each ExecStart."""
import os, shlex, subprocess, sys
from pathlib import Path
root = Path({root!r})
args = sys.argv[1:]
(root / "calls.log").open("a").write("systemctl " + " ".join(args) + "\n")
if args == ["daemon-reload"]:
    sys.exit(0)
assert args[:2] == ["enable", "--now"], args
for name in args[2:]:
    unit = {{}}
    for line in (root / "etc/systemd/system" / f"{{name}}.service").read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.startswith("#"):
            unit[key.strip()] = value.strip()
    assert unit["User"] == "servicegap", unit
    env = {{k: v for k, v in os.environ.items() if not k.startswith(("SERVICEGAP_", "PG"))}}
    for line in Path(unit["EnvironmentFile"]).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    log = (root / f"{{name}}.log").open("w")
    proc = subprocess.Popen(shlex.split(unit["ExecStart"]), env=env, stdout=log, stderr=log,
                            start_new_session=True, cwd="/")
    (root / f"{{name}}.pid").write_text(str(proc.pid))
'''

SHIMS = {
    "apt-get": '#!/bin/sh\necho "apt-get $*" >> {root}/calls.log\n',
    "useradd": (
        '#!/bin/sh\necho "useradd $*" >> {root}/calls.log\n'
        'while [ $# -gt 0 ]; do [ "$1" = --home-dir ] && mkdir -p "$2"; shift; done\n'
    ),
    "python3": (
        "#!/bin/sh\n"
        'if [ "$1" = -m ] && [ "$2" = venv ]; then\n'
        '  echo "python3 $*" >> {root}/calls.log\n'
        '  mkdir -p "$3/bin" && ln -s {venv}/bin/servicegap "$3/bin/servicegap"\n'
        "  printf '#!/bin/sh\\n"
        'echo "pip $*" >> {root}/calls.log\\n'
        '[ "$*" = "install .[postgres]" ] && [ -f pyproject.toml ] && '
        'exec {venv}/bin/python -c "import servicegap, psycopg"\\n'
        'exit 1\\n\' > "$3/bin/pip" && chmod +x "$3/bin/pip"\n'
        "  exit 0\n"
        "fi\n"
        'exec {python3} "$@"\n'
    ),
    "runuser": (
        '#!/bin/sh\necho "runuser $1 $2" >> {root}/calls.log\n'
        '[ "$1" = -u ] && [ "$3" = -- ] || exit 2\nshift 3\nexec "$@"\n'
    ),
    "install": (
        '#!/bin/sh\nargs=""\nwhile [ $# -gt 0 ]; do\n'
        '  case "$1" in -g|-o) echo "install $1 $2" >> {root}/calls.log; shift 2;;\n'
        "  *) args=\"$args '$1'\"; shift;; esac\ndone\neval exec /usr/bin/install $args\n"
    ),
    "chgrp": '#!/bin/sh\necho "chgrp $*" >> {root}/calls.log\n',
}


def _block() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Install for real", 1)[1]
    found = re.search(r"```sh\n(.*?)```", section, re.S)
    assert found, "README.md's Install for real has no sh block"
    return found.group(1)


def _substitute(text: str, subs: dict[str, str]) -> str:
    for old, new in subs.items():
        text = text.replace(old, new)
    return text


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 - loopback
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_the_readme_install_block_gives_a_working_postgresql_install():
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("run once, in the SQLite pass (it starts its own PostgreSQL)")
    with throwaway_postgres() as pg:
        root = Path(tempfile.mkdtemp(prefix="sg-install-"))
        web_port = free_port()
        try:
            subs = {
                "/etc/systemd/system": f"{root}/etc/systemd/system",
                "/etc/servicegap": f"{root}/etc/servicegap",
                "/opt/servicegap": f"{root}/opt/servicegap",
                "/var/lib/servicegap": f"{root}/var/lib/servicegap",
                "127.0.0.1:5432": f"127.0.0.1:{pg.port}",
                "--port 8000": f"--port {web_port}",
                "127.0.0.1:8000": f"127.0.0.1:{web_port}",
            }
            checkout = root / "checkout"
            for path in (ROOT / "deploy").rglob("*"):
                if path.is_file():
                    target = checkout / path.relative_to(ROOT)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(_substitute(path.read_text(), subs))
            (checkout / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
            (root / "etc/systemd/system").mkdir(parents=True)
            shims = root / "shims"
            shims.mkdir()
            values = {
                "root": root,
                "venv": ROOT / ".venv",
                "python3": shutil.which("python3"),
            }
            for name, text in SHIMS.items():
                (shims / name).write_text(text.format(**values))
            (shims / "systemctl").write_text(
                SYSTEMCTL.format(python=shutil.which("python3"), root=str(root))
            )
            for shim in shims.iterdir():
                shim.chmod(0o755)
            env = {k: v for k, v in os.environ.items() if not k.startswith("SERVICEGAP_")}
            env.update(
                PATH=f"{shims}:{env['PATH']}",
                PGHOST=pg.socket_dir,
                PGPORT=str(pg.port),
                PGUSER="postgres",
            )
            done = subprocess.run(
                ["bash", "-euo", "pipefail", "-c", _substitute(_block(), subs)],
                cwd=checkout, env=env, capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            logs = {p.name: p.read_text() for p in root.glob("*.log")}
            assert done.returncode == 0, (done.stdout, done.stderr, logs)
            assert "Traceback" not in done.stderr, done.stderr
            assert "password: " in done.stdout  # createuser printed the owner's
            assert "ready: yes" in done.stdout, done.stdout  # status --wait saw the worker

            # The web unit answers /readyz: database, task backend and the worker unit's beat.
            deadline = time.monotonic() + 60
            status, body = 0, {}
            while time.monotonic() < deadline and status != 200:
                try:
                    status, body = _get(f"http://127.0.0.1:{web_port}/readyz")
                except OSError:
                    time.sleep(0.5)
            assert status == 200 and body["checks"]["worker"]["status"] == "ok", (body, logs)
            assert body["checks"]["database"]["vendor"] == "postgresql"

            # PostgreSQL holds the install; no SQLite file was made; secrets are not readable
            # by everyone.
            data = root / "var/lib/servicegap"
            assert not list(data.glob("*.sqlite3")), list(data.iterdir())
            assert (data / "secret_key").stat().st_mode & 0o077 == 0
            url_file = root / "etc/servicegap/database_url"
            assert stat.S_IMODE(url_file.stat().st_mode) == 0o640
            owner = pg.psql("SELECT pg_get_userbyid(datdba) FROM pg_database "
                            "WHERE datname = 'servicegap'")  # fmt: skip
            assert owner == "servicegap"
            assert pg.psql("SELECT slug FROM core_workspace", db="servicegap") == "acme"
            calls = (root / "calls.log").read_text()
            assert "apt-get install -y postgresql" in calls
            assert "systemctl enable --now servicegap-web servicegap-worker" in calls
        finally:
            _stop_services(root)
            shutil.rmtree(root, ignore_errors=True)


def _stop_services(root: Path) -> None:
    """SIGTERM each started unit's process group and wait for it, before the cluster stops."""
    pids = [int(p.read_text()) for p in root.glob("*.pid")]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    for pid in pids:
        while time.monotonic() < deadline:
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
