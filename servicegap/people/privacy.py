"""Export and erase everything a workspace holds about one person (docs/privacy.md).

``export_person`` gathers every row about the person, in every table, as one JSON-ready dict.
Employee, leader and internal answers are held anonymously: only the installation administrator's
export (``servicegap person export``) includes them; the web page's export leaves them out and
says so (docs/anonymity.md, the trust boundary).
``erase_person`` is the one exception to "answers are never rewritten": in one transaction it
deletes the person and what only makes sense with them, unlinks and redacts in place what the
figures still need, rebuilds the report aggregates and writes an audit entry that holds counts
only. The web page, the CLI and tests all call these two functions.

What happens to each app's rows is that app's personal-data handler
(``servicegap.people.handlers``, declared as ``personal_data`` in its ``AppConfig``); this module
runs them in their order and imports no other app's models.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from servicegap.aggregates import cells
from servicegap.core.models import AuditEntry, Workspace
from servicegap.people.handlers import ERASED, STAND_IN_PREFIX, code, handlers, merge, row
from servicegap.people.models import Person

__all__ = [
    "ERASED",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "PROTECTED_NOTE",
    "STAND_IN_PREFIX",
    "PrivacyError",
    "erase_person",
    "export_person",
    "summary",
]

EXPORT_FORMAT = "servicegap-person-export"
EXPORT_VERSION = 1
PROTECTED_NOTE = (
    "Employee, leader and internal answers are held anonymously and are not part of this export."
    " The installation administrator can export them for this person with the command"
    " `servicegap person export CODE`, which includes them."
)
# The order of version 1's keys (and of the keys merged into "consent"), as docs/privacy.md lists
# them; the handlers run in erasure order. A key not listed here follows these, in handler order.
EXPORT_LAYOUT: dict[str, tuple[str, ...]] = {
    "format": (),
    "version": (),
    "exported_at": (),
    "workspace": (),
    "protected_answers": (),
    "person": (),
    "accounts": (),
    "responses": (),
    "feedback": (),
    "feedback_about": (),
    "recognitions": (),
    "cases": (),
    "invitations": (),
    "consent": ("unsubscribed_at", "response_contact", "feedback_contact"),
    "bounces": (),
    "transactions": (),
}
SUMMARY_LAYOUT = ("responses", "feedback", "feedback_about", "cases", "invitations")


class PrivacyError(ValueError):
    """The request cannot be carried out (e.g. the person belongs to another workspace)."""


def _check(workspace: Workspace, person: Person) -> None:
    if person.workspace_id != workspace.pk:
        raise PrivacyError(f"person {person.code!r} does not belong to workspace {workspace.slug}")


def _arranged(mapping: dict[str, Any], first: Any) -> dict[str, Any]:
    """``mapping`` with the keys of ``first`` first, in that order; the rest after, as they were."""
    return {
        **{key: mapping[key] for key in first if key in mapping},
        **{key: value for key, value in mapping.items() if key not in first},
    }


# --- export ------------------------------------------------------------------------------------


def export_person(
    workspace: Workspace, person: Person, *, protected: bool = False
) -> dict[str, Any]:
    """Every row about ``person`` in ``workspace``, JSON-serialisable (a subject access request).

    Rows written by others about the person (feedback naming an employee) are included without
    their author's identity or contact details. Employee, leader and internal responses are
    included only with ``protected=True``, which only the CLI passes: a workspace member must never
    read one person's protected answers; the document says where they are instead.
    """
    _check(workspace, person)
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "workspace": workspace.slug,
        "protected_answers": "included" if protected else PROTECTED_NOTE,
        "person": {
            **row(person, ["code", "name", "kind", "email", "created_at"]),
            "unit": code(person.unit),
            "attributes": person.attributes or {},
        },
    }
    for handler in handlers():
        merge(document, handler.export(workspace, person, protected))
    for key, inner in EXPORT_LAYOUT.items():
        if inner and isinstance(document.get(key), dict):
            document[key] = _arranged(document[key], inner)
    return _arranged(document, EXPORT_LAYOUT)


def summary(workspace: Workspace, person: Person) -> dict[str, int]:
    """How many rows of each kind are about the person (shown before an erasure)."""
    counts: dict[str, int] = {}
    for handler in handlers():
        merge(counts, handler.count(workspace, person))
    return _arranged(counts, SUMMARY_LAYOUT)


# --- erasure -----------------------------------------------------------------------------------


def erase_person(workspace: Workspace, person: Person, actor: str) -> dict[str, int]:
    """Erase ``person`` from ``workspace`` in one transaction; returns what was done, as counts.

    Each app's handler, in their order, redacts, unlinks or deletes its rows (docs/privacy.md has
    the table); in short:

    - their responses stay (the figures need them) with the respondent cleared, the contact and
      its consent removed and every free-text answer replaced by ``[erased]``; employee, leader
      and internal responses point to an anonymous stand-in person instead of to nobody, because
      the anonymity threshold counts a response without a respondent as one respondent of its
      own, so one erased employee would otherwise count as many;
    - feedback they wrote keeps its kind, date and place, its text becomes ``[erased]`` and its
      contact and consent go; feedback naming them (as the employee) loses the name and its text;
    - cases about them keep their number, status and dates; title and resolution are redacted;
    - invitations, the unsubscribe, bounces of their address, transactions and recognitions are
      deleted; a user account linked to them stays (remove it on the Users page) but no longer
      points to them;
    - uploaded import files (which may hold them in any format) of finished imports are deleted
      once the transaction commits, and their quoted code or e-mail is removed from import errors.

    Then the person is deleted, the report aggregates are rebuilt, and an audit entry with these
    counts (no name, code or e-mail) is written.
    """
    _check(workspace, person)
    ws = workspace
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        done: dict[str, int] = {}
        for handler in handlers():
            merge(done, handler.erase(ws, person))
        person.delete()
        merge(done, {"people": 1})
        _rebuild_aggregates(ws)
        AuditEntry.objects.create(workspace=ws, actor=actor, action="person.erase", detail=done)
    return done


def _rebuild_aggregates(workspace: Workspace) -> None:
    """Rebuild the report aggregates after answers changed owner (or lost it), inside the
    erasure's transaction, so they never disagree with the answers."""
    cells.rebuild(workspace)
