"""The private Django hooks ServiceGap relies on (servicegap/runtime/internals.py) still exist, and
what they are used for still behaves as the public way would."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from servicegap.runtime import internals

ROOT = Path(__file__).resolve().parents[2] / "servicegap"


@pytest.mark.parametrize(
    "owner, attribute", internals.RELIED_ON, ids=[a for _, a in internals.RELIED_ON]
)
def test_each_private_hook_still_exists_in_this_django(owner, attribute):
    if isinstance(owner, type) and attribute in getattr(owner, "__slots__", ()):
        return
    instance_attr = attribute in ("adding", "db", "fields_cache")
    target = owner() if instance_attr else owner
    assert hasattr(target, attribute), f"Django no longer has {owner.__name__}.{attribute}"


def test_the_writer_queue_overrides_exactly_the_hooks_it_names():
    overridden = {
        name
        for name in vars(internals.WriterQueueSQLite)
        if name.startswith("_")
        and not name.startswith("__")
        and callable(getattr(internals.WriterQueueSQLite, name))
    }
    named = {
        a for owner, a in internals.RELIED_ON if owner is internals.sqlite_base.DatabaseWrapper
    }
    assert overridden - {"_lock_path", "_acquire_write_lock", "_release_write_lock"} <= named


@pytest.mark.django_db
def test_a_bare_instance_equals_one_made_by_init():
    from servicegap.core.models import Workspace
    from servicegap.runtime.bulk import new_instance

    ws = Workspace.objects.create(slug="bare", name="Bare")
    from servicegap.surveys.models import Response

    made = Response(workspace=ws, perspective="customer", scale_max=7)
    bare = new_instance(Response, workspace=ws, perspective="customer", scale_max=7)
    assert type(bare) is Response and bare._state.adding and bare._state.db is None
    skip = {"_state", "_prefetched_objects_cache"}
    assert {k: v for k, v in vars(bare).items() if k not in skip} == {
        k: v for k, v in vars(made).items() if k not in skip
    }


def test_no_other_module_touches_private_model_or_backend_hooks():
    allowed = {ROOT / "runtime" / "internals.py"}
    for path in ROOT.rglob("*.py"):
        if path in allowed or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr
                in (
                    "_state",
                    "_start_transaction_under_autocommit",
                    "_set_autocommit",
                )
                and isinstance(node.ctx, ast.Store | ast.Load)
            ):
                if node.attr == "_state" and isinstance(node.ctx, ast.Load):
                    continue  # reading a row's state is public enough; setting it is not
                raise AssertionError(
                    f"{path}:{node.lineno}: {node.attr} outside runtime/internals.py"
                )
