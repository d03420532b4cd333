"""docs/architecture.md stays true: every package of servicegap, and every pure module of lib/, is
named in it with a line on what it holds."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "servicegap"
DOC = (ROOT / "docs" / "architecture.md").read_text()


def _packages() -> list[Path]:
    return sorted(
        p.parent.relative_to(PACKAGE)
        for p in PACKAGE.rglob("__init__.py")
        if "migrations" not in p.parts and p.parent != PACKAGE
    )


def test_every_package_is_in_the_architecture_map():
    missing = []
    for package in _packages():
        top = f"`servicegap/{package.as_posix()}/`"
        short = f"`{package.name}/`"
        named = top in DOC or (
            len(package.parts) > 1 and (short in DOC or f"{package.as_posix()}/" in DOC)
        )
        if not named:
            missing.append(package.as_posix())
    assert missing == [], f"docs/architecture.md does not name: {', '.join(missing)}"


def test_every_pure_module_of_lib_is_named():
    modules = sorted(p.name for p in (PACKAGE / "lib").glob("*.py") if p.name != "__init__.py")
    missing = [m for m in modules if f"`{m}`" not in DOC]
    assert missing == [], f"docs/architecture.md does not name lib/{', lib/'.join(missing)}"
