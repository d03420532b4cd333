import re
from pathlib import Path

import pytest

from servicegap import conf

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented():
    doc = (ROOT / "docs" / "configuration.md").read_text()
    missing = [s.name for s in conf.SETTINGS if f"`{s.name}`" not in doc]
    assert missing == []


def test_the_code_reads_no_undeclared_setting():
    declared = {s.name for s in conf.SETTINGS}
    used = set()
    for path in (ROOT / "servicegap").rglob("*.py"):
        used |= set(re.findall(r"\bSERVICEGAP_[A-Z_]+[A-Z]\b", path.read_text()))
    # SERVICEGAP_X_FILE variants are declared alongside their secret.
    assert used - declared == set()


@pytest.mark.parametrize("value", ["yes", "1", "TRUE ", "on"])
def test_a_boolean_accepts_only_true_or_false(monkeypatch, value):
    monkeypatch.setenv("SERVICEGAP_DEBUG", value)
    if value.strip().lower() == "true":
        assert conf.env_bool("SERVICEGAP_DEBUG") is True
        return
    with pytest.raises(conf.ConfigError, match="SERVICEGAP_DEBUG"):
        conf.env_bool("SERVICEGAP_DEBUG")


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    f = tmp_path / "key"
    f.write_text("s" * 40 + "\n")
    monkeypatch.delenv("SERVICEGAP_SECRET_KEY", raising=False)
    monkeypatch.setenv("SERVICEGAP_SECRET_KEY_FILE", str(f))
    assert conf.read_secret_key() == "s" * 40


def test_a_local_secret_is_generated_once_into_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("SERVICEGAP_SECRET_KEY", raising=False)
    monkeypatch.delenv("SERVICEGAP_SECRET_KEY_FILE", raising=False)
    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))
    first = conf.ensure_secret_key()
    assert len(first) >= 32 and conf.ensure_secret_key() == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("secret", ["", "change-me", "short"])
def test_production_refuses_a_default_or_missing_secret(secret):
    with pytest.raises(conf.ConfigError):
        conf.check_production(debug=False, secret=secret)


def test_development_mode_does_not_check_the_secret_nor_debug():
    conf.check_production(debug=True, secret="", mode="development")


def test_production_refuses_debug_even_with_a_strong_secret():
    with pytest.raises(conf.ConfigError, match="SERVICEGAP_DEBUG=true"):
        conf.check_production(debug=True, secret="s" * 40)
