"""Each app owns what export, erasure and retention do with its rows about a person
(``servicegap.people.handlers``): every model that points at a person is covered by a handler of
its own app, the handlers' keys never collide, and docs/privacy.md names every handler."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string

from servicegap.core import capabilities
from servicegap.people.handlers import Expiry, PersonalData, handlers

ROOT = Path(__file__).resolve().parents[2]


def _declared() -> dict[str, PersonalData]:
    """Each capability's handler, by app label."""
    return {
        c.label: import_string(c.personal_data.replace(":", "."))
        for c in capabilities.capabilities()
        if c.personal_data
    }


def test_every_model_pointing_at_a_person_has_a_handler():
    from servicegap.people.models import Person

    covered = {model for handler in handlers() for model in handler.models}
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is Person
        if model not in covered
    ]
    assert not missing, (
        f"{missing} point at people.Person but no personal-data handler covers them: add the model "
        "to its app's handler (docs/privacy.md, 'Which app does what')"
    )


def test_each_handler_covers_its_own_apps_models_and_each_model_once():
    declared = _declared()
    assert declared and list(declared.values()) == [
        h for h in capabilities.personal_data_handlers()
    ]
    seen = set()
    for label, handler in declared.items():
        assert isinstance(handler, PersonalData), label
        assert handler.models, label
        for model in handler.models:
            assert model._meta.app_label == label, f"{label}'s handler covers {model}"
            assert model not in seen, f"{model} is covered twice"
            seen.add(model)
    orders = [h.order for h in declared.values()]
    assert len(set(orders)) == len(orders)  # the erasure order is explicit
    assert [h.order for h in handlers()] == sorted(orders)


def _clashes(parts: dict[str, dict], reserved: set[str]) -> list[str]:
    """Keys that two handlers (or a handler and the orchestration) both write. A dict value is
    merged with the other handlers' dicts of the same key, so only its inner keys must differ."""
    written = dict.fromkeys(reserved, "the orchestration")  # "key" or "key.inner": who wrote it
    clashes = []
    for label, part in parts.items():
        for key, value in part.items():
            if isinstance(value, dict):
                names = [f"{key}.{inner}" for inner in value]
                clashes += [f"{key}: {written[key]}, {label}"] if key in written else []
            else:
                names = [key]
                clashes += [f"{key}: {label}" for w in written if w.startswith(f"{key}.")][:1]
            for name in names:
                if name in written:
                    clashes.append(f"{name}: {written[name]}, {label}")
                written[name] = label
    return clashes


@pytest.mark.django_db
def test_the_handlers_keys_do_not_collide(workspace):
    from servicegap.people.models import Person

    person = Person.objects.create(workspace=workspace, code="C-1", kind="customer")
    declared = _declared()
    now = timezone.now()
    expiry = Expiry(before=now, now=now)
    document = {"format", "version", "exported_at", "workspace", "protected_answers", "person"}
    exports = {label: h.export(workspace, person, True) for label, h in declared.items()}
    assert not _clashes(exports, document)
    assert not _clashes({k: h.count(workspace, person) for k, h in declared.items()}, set())
    assert not _clashes({k: h.expire(workspace, expiry) for k, h in declared.items()}, set())
    assert not _clashes({k: h.erase(workspace, person) for k, h in declared.items()}, {"people"})
    held = [model for h in declared.values() for model in h.hold(workspace)]
    assert all(model in apps.get_models() for model in held)

    # The document's keys are the ones docs/privacy.md lists.
    doc = (ROOT / "docs" / "privacy.md").read_text()
    for key in {key for part in exports.values() for key in part}:
        assert f"| `{key}` |" in doc, key


def test_docs_name_every_handler():
    doc = (ROOT / "docs" / "privacy.md").read_text()
    for config in capabilities.capabilities():
        if config.personal_data:
            assert f"`{config.personal_data}`" in doc, config.name


def test_privacy_and_retention_import_no_other_apps_models():
    """The orchestration runs the handlers; what is done to each app's rows lives in that app."""
    for name in ("privacy.py", "retention.py"):
        for line in (ROOT / "servicegap" / "people" / name).read_text().splitlines():
            if line.startswith(("from servicegap.", "import servicegap.")):
                module = line.split()[1]
                assert module.split(".")[1] in ("core", "people", "aggregates", "runtime"), line
                own = ("servicegap.core.models", "servicegap.people.models")
                assert not module.endswith(".models") or module in own, line
