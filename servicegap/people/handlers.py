"""What each app does with its rows about one person: the personal-data handlers (docs/privacy.md).

An app whose tables hold personal data declares, in its ``AppConfig``, ``personal_data =
"servicegap.<app>.personal:HANDLER"``: a ``PersonalData`` saying which of its models it covers
and what ``person export``, the summary shown before an erasure, ``person erase`` and the
retention policy do with their rows. ``servicegap.people.privacy`` and
``servicegap.people.retention`` run the handlers (one transaction, the audit entry, the
aggregates) and import no other app's models. ``tests/people/test_personal_data.py`` fails for a model
that points at ``people.Person`` without a handler covering it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

from servicegap.core.capabilities import personal_data_handlers
from servicegap.core.models import Workspace
from servicegap.people.models import Person

ERASED = "[erased]"  # what redacted text reads after an erasure
EXPIRED = "[expired]"  # what text reads after the retention period removed it
# The code of the anonymous person that an erased person's protected responses point to.
STAND_IN_PREFIX = "erased-"


@dataclass(frozen=True)
class Expiry:
    """What the retention policy asks of a handler: remove the personal data of rows older than
    ``before``. ``held`` are the rows that keep theirs for now (a value queryset of primary keys
    per model, e.g. responses and feedback with an open case); ``unheld`` leaves them out."""

    before: datetime
    now: datetime
    held: Mapping[type[Model], tuple[QuerySet[Any], ...]] = field(default_factory=dict)

    def unheld(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        for keys in self.held.get(rows.model, ()):
            rows = rows.exclude(pk__in=keys)
        return rows


def _nothing(*args: Any) -> Any:
    return {}


@dataclass(frozen=True)
class PersonalData:
    """One app's rows about a person.

    - ``models``: the app's models it covers (every model with a key to ``people.Person`` is in
      some handler's list);
    - ``export(workspace, person, protected)``: its top-level keys of the export document
      (a dict value such as ``"consent"`` is merged with other handlers' keys of the same name);
      ``protected`` is true only for the CLI's export, which includes employee, leader and
      internal answers;
    - ``count(workspace, person)``: its counts in the summary shown before an erasure;
    - ``erase(workspace, person)``: redacts, unlinks or deletes its rows; returns the counts
      that go into the erasure's audit entry (never identifiers);
    - ``hold(workspace)``: rows of any model whose personal data the retention policy must keep
      for now (see ``Expiry.held``);
    - ``expire(workspace, expiry)``: applies the retention policy to its rows; returns counts;
    - ``order``: handlers run in this order, for erasure above all: cases are found through the
      person's responses and feedback, so they are redacted before those links are cleared.
    """

    models: tuple[type[Model], ...]
    order: int
    export: Callable[[Workspace, Person, bool], dict[str, Any]] = _nothing
    count: Callable[[Workspace, Person], dict[str, int]] = _nothing
    erase: Callable[[Workspace, Person], dict[str, int]] = _nothing
    hold: Callable[[Workspace], dict[type[Model], QuerySet[Any]]] = _nothing
    expire: Callable[[Workspace, Expiry], dict[str, int]] = _nothing


def handlers() -> list[PersonalData]:
    """The installed apps' handlers, in their ``order`` (ties in app order)."""
    found = personal_data_handlers()
    for handler in found:
        if not isinstance(handler, PersonalData):
            raise ImproperlyConfigured(f"{handler!r} is not a PersonalData handler")
    return sorted(found, key=lambda h: h.order)


def merge(into: dict[str, Any], part: Mapping[str, Any]) -> dict[str, Any]:
    """Add one handler's keys to ``into``; dict values of the same key are merged. Two handlers
    writing the same key (or nested key) is a mistake, not an overwrite."""
    for key, value in part.items():
        if key not in into:
            into[key] = dict(value) if isinstance(value, dict) else value
        elif isinstance(into[key], dict) and isinstance(value, dict):
            merge(into[key], value)
        else:
            raise ImproperlyConfigured(f"two personal-data handlers write {key!r}")
    return into


# --- helpers the handlers share --------------------------------------------------------------


def json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {f: json_value(getattr(obj, f)) for f in fields}


def code(obj: Any) -> str | None:
    return obj.code if obj is not None else None


def delete(queryset: QuerySet[Any]) -> int:
    """Delete the rows; returns how many of the queryset's own model went (not the cascade)."""
    _, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)
