"""Secrets from files: every secret setting has its _FILE variant and the variant reaches the
setting; both or a bad file stop with a sentence; a PostgreSQL URL that does not arrive never
turns into an empty SQLite database; the environment file of the systemd units."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from servicegap import conf
from tests.ops_support import CLI, clean_env, free_port

ROOT = Path(__file__).resolve().parents[2]
# Independent of the test database (fresh processes with their own settings): run once, in the
# SQLite pass of scripts/test.
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("SERVICEGAP_DATABASE_URL")), reason="runs once, in the SQLite pass"
)
NAMES = {s.name for s in conf.SETTINGS}

# Where each secret ends up in Django's settings, read by a fresh process.
REACHES = {
    "SERVICEGAP_SECRET_KEY": "SECRET_KEY",
    "SERVICEGAP_DATABASE_URL": "DATABASES['default']['PASSWORD']",
    "SERVICEGAP_REDIS_URL": "REDIS_URL",
    "SERVICEGAP_SMTP_PASSWORD": "EMAIL_HOST_PASSWORD",
    "SERVICEGAP_OIDC_CLIENT_SECRET": "OIDC_RP_CLIENT_SECRET",
}
VALUES = {
    "SERVICEGAP_SECRET_KEY": "k" * 50,
    # A password with the characters that must be percent-encoded: p@ss:w/rd#1?%
    "SERVICEGAP_DATABASE_URL": "postgres://sg:p%40ss%3Aw%2Frd%231%3F%25@db.example:5432/sg",
    "SERVICEGAP_REDIS_URL": "redis://:r3d1s@redis.example:6379/0",
    "SERVICEGAP_SMTP_PASSWORD": "smtp secret",
    "SERVICEGAP_OIDC_CLIENT_SECRET": "oidc-secret",
}
EXPECTED = {
    **VALUES,
    "SERVICEGAP_DATABASE_URL": "p@ss:w/rd#1?%",
}
# What production needs beside the secrets for each of them to be read at all.
CONTEXT = {
    "SERVICEGAP_SMTP_HOST": "smtp.example",
    "SERVICEGAP_SMTP_USER": "sg",
    "SERVICEGAP_TASK_BACKEND": "redis",
    "SERVICEGAP_OIDC_CLIENT_ID": "sg",
    "SERVICEGAP_OIDC_SIGN_ALGO": "HS256",
    "SERVICEGAP_OIDC_AUTHORIZATION_ENDPOINT": "https://id.example/auth",
    "SERVICEGAP_OIDC_TOKEN_ENDPOINT": "https://id.example/token",
    "SERVICEGAP_OIDC_USERINFO_ENDPOINT": "https://id.example/userinfo",
}


def test_the_secret_settings_are_exactly_those_with_a_file_variant():
    with_file = {s.name.removesuffix("_FILE") for s in conf.SETTINGS if s.name.endswith("_FILE")}
    assert with_file == set(conf.SECRET_SETTINGS)
    assert set(conf.SECRET_SETTINGS) == set(REACHES)
    doc = (ROOT / "docs" / "configuration.md").read_text()
    for name in conf.SECRET_SETTINGS:
        assert name in NAMES and f"`{name}_FILE`" in doc, name
        # Each secret's own line in the table says the file variant exists.
        helptext = next(s.help for s in conf.SETTINGS if s.name == name)
        assert f"{name}_FILE" in helptext, name


def _settings_of(env: dict[str, str], expressions: list[str], tmp_path: Path):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps([eval(e, {{'s': s}}) for e in {expressions!r}]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=clean_env(SERVICEGAP_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="servicegap.settings", **env),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return done


def test_each_file_variant_reaches_its_setting(tmp_path):
    env = dict(CONTEXT)
    for name, value in VALUES.items():
        path = tmp_path / name.lower()
        path.write_text(f"\n{value}\n")  # white space around it is dropped
        env[f"{name}_FILE"] = str(path)
    exprs = [f"s.{REACHES[name]}" for name in conf.SECRET_SETTINGS]
    done = _settings_of(env, exprs, tmp_path)
    assert done.returncode == 0, done.stderr
    got = dict(zip(conf.SECRET_SETTINGS, json.loads(done.stdout), strict=True))
    assert got == {name: EXPECTED[name] for name in conf.SECRET_SETTINGS}


@pytest.mark.parametrize("name", sorted(REACHES))
def test_a_secret_set_twice_stops_with_both_names(name, tmp_path, monkeypatch):
    path = tmp_path / "secret"
    path.write_text(VALUES[name])
    monkeypatch.setenv(name, VALUES[name])
    monkeypatch.setenv(f"{name}_FILE", str(path))
    with pytest.raises(conf.ConfigError, match=f"{name} and {name}_FILE are both set"):
        conf.env_secret(name)
    # Every other secret is given, so the only problem is the one set twice.
    env = {**CONTEXT, **VALUES, f"{name}_FILE": str(path)}
    done = _settings_of(env, [], tmp_path)
    assert done.returncode != 0 and f"{name}_FILE are both set" in done.stderr


@pytest.mark.parametrize("content", ["", "  \n"])
def test_an_empty_or_missing_secret_file_is_refused(content, tmp_path, monkeypatch):
    path = tmp_path / "url"
    path.write_text(content)
    monkeypatch.delenv("SERVICEGAP_DATABASE_URL", raising=False)
    monkeypatch.setenv("SERVICEGAP_DATABASE_URL_FILE", str(path))
    with pytest.raises(conf.ConfigError, match="SERVICEGAP_DATABASE_URL_FILE: .* is empty"):
        conf.database_url()
    monkeypatch.setenv("SERVICEGAP_DATABASE_URL_FILE", str(tmp_path / "nothing"))
    with pytest.raises(conf.ConfigError, match="SERVICEGAP_DATABASE_URL_FILE: cannot read"):
        conf.database_url()


@pytest.mark.parametrize(
    "url, problem",
    [
        ("mysql://sg:pw@db/sg", "must be a URL starting postgres:// or postgresql://"),
        ("postgres://sg:se#cret@db:5432/sg", "percent-encode"),
        ("postgres://sg:a/b@db/sg", "percent-encode"),
    ],
)
def test_a_wrong_database_url_is_named_without_its_password(url, problem, monkeypatch):
    monkeypatch.delenv("SERVICEGAP_DATABASE_URL_FILE", raising=False)
    monkeypatch.setenv("SERVICEGAP_DATABASE_URL", url)
    with pytest.raises(conf.ConfigError, match="SERVICEGAP_DATABASE_URL") as caught:
        conf.database_url()
    assert problem in str(caught.value)
    assert "cret" not in str(caught.value) and "pw" not in str(caught.value)


def test_production_needs_the_smtp_password_when_a_user_is_set(tmp_path):
    env = {"SERVICEGAP_SMTP_HOST": "smtp.example", "SERVICEGAP_SMTP_USER": "sg"}
    done = _settings_of(env, [], tmp_path)
    assert done.returncode != 0
    assert "SERVICEGAP_SMTP_PASSWORD nor SERVICEGAP_SMTP_PASSWORD_FILE" in done.stderr


def _cli(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [*CLI, *args], env=clean_env(SERVICEGAP_DATA_DIR=str(data_dir), **env),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize("command", [["init", "--workspace", "acme"], ["status"], ["serve"]])
def test_an_unreachable_postgresql_url_from_a_file_fails_naming_it_and_makes_no_sqlite(
    command, tmp_path
):
    url = tmp_path / "database_url"
    url.write_text(f"postgres://sg:s3cret@127.0.0.1:{free_port()}/servicegap\n")
    data = tmp_path / "data"
    done = _cli(data, *command, SERVICEGAP_DATABASE_URL_FILE=str(url))
    assert done.returncode == 1
    said = done.stdout + done.stderr  # `status` shows its checks, then the failure
    assert "PostgreSQL database servicegap at 127.0.0.1" in said, said
    assert "s3cret" not in said
    assert not list(tmp_path.rglob("*.sqlite3"))


@pytest.mark.parametrize("command", [["serve"], ["worker"], ["status"], ["backup", "b.gz"]])
def test_without_a_url_no_command_but_init_creates_the_sqlite_database(command, tmp_path):
    done = _cli(tmp_path, *command)
    assert done.returncode == 1
    assert "there is no database" in done.stderr and "SERVICEGAP_DATABASE_URL_FILE" in done.stderr
    assert not list(tmp_path.rglob("*.sqlite3"))


def test_the_environment_file_feeds_the_cli_and_the_environment_wins(tmp_path):
    data = tmp_path / "data"
    env_file = tmp_path / "servicegap.env"
    env_file.write_text(f'# comment\n\nSERVICEGAP_DATA_DIR="{data}"\nSERVICEGAP_MODE=development\n')
    done = subprocess.run(
        [*CLI, "--env-file", str(env_file), "init", "--workspace", "acme"],
        env=clean_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (data / "servicegap.sqlite3").exists()
    other = tmp_path / "other"
    done = _cli(other, "--env-file", str(env_file), "init")  # SERVICEGAP_DATA_DIR set: it wins
    assert done.returncode == 0 and (other / "servicegap.sqlite3").exists()


def test_an_unknown_setting_in_the_environment_file_is_named(tmp_path):
    env_file = tmp_path / "servicegap.env"
    env_file.write_text("SERVICEGAP_DATABASE_URL_FIEL=/etc/servicegap/database_url\n")
    done = _cli(tmp_path, "--env-file", str(env_file), "status")
    assert done.returncode == 1
    assert "line 1: unknown setting SERVICEGAP_DATABASE_URL_FIEL" in done.stderr
