"""Export and erase everything a workspace holds about one person (docs/privacy.md).

``export_person`` gathers every row about the person, in every table, as one JSON-ready dict.
Employee, leader and internal answers are held anonymously: only the installation administrator's
export (``servicegap person export``) includes them; the web page's export leaves them out and
says so (docs/anonymity.md, the trust boundary).
``erase_person`` is the one exception to "answers are never rewritten": in one transaction it
deletes the person and what only makes sense with them, unlinks and redacts in place what the
figures still need, rebuilds the report aggregates and writes an audit entry that holds counts
only. The web page, the CLI and tests all call these two functions.
"""

from __future__ import annotations

import importlib.util
import secrets
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from servicegap.accounts.models import Membership
from servicegap.cases.models import Case
from servicegap.core.models import AuditEntry, Person, Workspace
from servicegap.feedback.models import Feedback, Recognition
from servicegap.imports.models import ImportJob
from servicegap.invitations.models import Bounce, Invitation, Unsubscribe
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.loyalty.models import Transaction
from servicegap.surveys.models import Answer, Response

ERASED = "[erased]"  # what redacted text reads after an erasure
EXPORT_FORMAT = "servicegap-person-export"
EXPORT_VERSION = 1
PROTECTED_NOTE = (
    "Employee, leader and internal answers are held anonymously and are not part of this export."
    " The installation administrator can export them for this person with the command"
    " `servicegap person export CODE`, which includes them."
)
STAND_IN_PREFIX = "erased-"
# The modules that may hold the report aggregates' ``rebuild(workspace)``, the first found is
# used; see _rebuild_aggregates.
AGGREGATES = ("servicegap.gaps.aggregates", "servicegap.gaps.cells")


class PrivacyError(ValueError):
    """The request cannot be carried out (e.g. the person belongs to another workspace)."""


def _json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {f: _json(getattr(obj, f)) for f in fields}


def _code(obj: Any) -> str | None:
    return obj.code if obj is not None else None


def _check(workspace: Workspace, person: Person) -> None:
    if person.workspace_id != workspace.pk:
        raise PrivacyError(f"person {person.code!r} does not belong to workspace {workspace.slug}")


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
    ws = workspace
    responses = Response.objects.of(ws).filter(respondent=person)
    if not protected:
        responses = responses.exclude(perspective__in=PROTECTED_PERSPECTIVES)
    responses = (
        responses.select_related("unit", "supplier", "touchpoint", "survey")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
    )
    written = (
        Feedback.objects.of(ws)
        .filter(person=person)
        .select_related("unit", "touchpoint", "employee")
        .order_by("submitted_at", "pk")
    )
    about = (
        Feedback.objects.of(ws)
        .filter(employee=person)
        .select_related("unit", "touchpoint")
        .order_by("submitted_at", "pk")
    )
    unsubscribe = Unsubscribe.objects.of(ws).filter(person=person).first()
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "workspace": ws.slug,
        "protected_answers": "included" if protected else PROTECTED_NOTE,
        "person": {
            **_row(person, ["code", "name", "kind", "email", "created_at"]),
            "unit": _code(person.unit),
            "attributes": person.attributes or {},
        },
        "accounts": [
            {"email": m.user.email, "role": m.role, "created_at": _json(m.created_at)}
            for m in Membership.objects.of(ws).filter(person=person).select_related("user")
        ],
        "responses": [_response(r) for r in responses],
        "feedback": [
            {
                **_row(
                    f,
                    ["id", "kind", "text", "submitted_at", "perspective", "channel"]
                    + ["contact", "consent", "external_id"],
                ),
                "unit": _code(f.unit),
                "touchpoint": _code(f.touchpoint),
                "employee_named": _code(f.employee),
            }
            for f in written
        ],
        "feedback_about": [
            {
                **_row(f, ["id", "kind", "text", "submitted_at", "perspective", "channel"]),
                "unit": _code(f.unit),
                "touchpoint": _code(f.touchpoint),
            }
            for f in about
        ],
        "recognitions": [
            _row(r, ["feedback_id", "created_at", "seen_by_employee_at", "seen_by_manager_at"])
            for r in Recognition.objects.of(ws).filter(employee=person).order_by("created_at")
        ],
        "cases": [
            {
                **_row(c, ["number", "title", "status", "opened_at", "due_at", "closed_at"]),
                **_row(c, ["resolution", "saved", "feedback_id", "response_id"]),
                "unit": _code(c.unit),
            }
            for c in _cases(ws, person).select_related("unit").order_by("number")
        ],
        "invitations": [
            {
                "survey": i.survey.code,
                **_row(i, ["email", "state", "created_at", "sent_at", "reminded_at"]),
                **_row(i, ["opened_at", "responded_at", "expires_at", "response_id", "draft"]),
            }
            for i in Invitation.objects.of(ws)
            .filter(person=person)
            .select_related("survey")
            .order_by("created_at", "pk")
        ],
        "consent": {
            "unsubscribed_at": _json(unsubscribe.at) if unsubscribe else None,
            "response_contact": [
                {
                    "response_id": r.pk,
                    "contact": r.contact,
                    "consent_at": _json(r.contact_consent_at),
                }
                for r in responses
                if r.contact or r.contact_consent_at
            ],
            "feedback_contact": [
                {"feedback_id": f.pk, "contact": f.contact, "consent": f.consent}
                for f in written
                if f.contact or f.consent
            ],
        },
        "bounces": [
            _row(b, ["email", "at", "reason"]) for b in _bounces(ws, person).order_by("at", "pk")
        ],
        "transactions": [
            {**_row(t, ["date", "amount", "reference"]), "unit": _code(t.unit)}
            for t in Transaction.objects.of(ws)
            .filter(customer=person)
            .select_related("unit")
            .order_by("date", "pk")
        ],
    }


def _response(r: Response) -> dict[str, Any]:
    return {
        **_row(r, ["id", "submitted_at", "time_zone", "perspective", "survey_version"]),
        **_row(r, ["scale_max", "received_at", "external_id", "contact", "contact_consent_at"]),
        "unit": _code(r.unit),
        "supplier": _code(r.supplier),
        "touchpoint": _code(r.touchpoint),
        "survey": _code(r.survey),
        "answers": [
            {"item": a.item, "kind": a.kind, "value": a.value}
            for a in sorted(r.answers.all(), key=lambda a: a.pk)
        ],
    }


def _cases(ws: Workspace, person: Person):
    return Case.objects.of(ws).filter(
        Q(customer=person)
        | Q(response__respondent=person)
        | Q(feedback__person=person)
        | Q(feedback__employee=person)
    )


def _bounces(ws: Workspace, person: Person):
    match = Q(person=person)
    if person.email:
        match |= Q(email__iexact=person.email)
    return Bounce.objects.of(ws).filter(match)


def summary(workspace: Workspace, person: Person) -> dict[str, int]:
    """How many rows of each kind are about the person (shown before an erasure)."""
    ws = workspace
    return {
        "responses": Response.objects.of(ws).filter(respondent=person).count(),
        "feedback": Feedback.objects.of(ws).filter(person=person).count(),
        "feedback_about": Feedback.objects.of(ws).filter(employee=person).count(),
        "cases": _cases(ws, person).count(),
        "invitations": Invitation.objects.of(ws).filter(person=person).count(),
        "transactions": Transaction.objects.of(ws).filter(customer=person).count(),
        "accounts": Membership.objects.of(ws).filter(person=person).count(),
    }


# --- erasure -----------------------------------------------------------------------------------


def erase_person(workspace: Workspace, person: Person, actor: str) -> dict[str, int]:
    """Erase ``person`` from ``workspace`` in one transaction; returns what was done, as counts.

    - their responses stay (the figures need them) with the respondent cleared, the contact and
      its consent removed and every free-text answer replaced by ``[erased]``; employee, leader
      and internal responses point to an anonymous stand-in person instead of to nobody, because
      the anonymity threshold counts a response without a respondent as one respondent of its
      own, so one erased employee would otherwise count as many;
    - feedback they wrote keeps its kind, date and place, its text becomes ``[erased]`` and its
      contact and consent go; feedback naming them (as the employee) loses the name and its text;
    - cases about them keep their number, status and dates; title and resolution are redacted;
    - invitations, the unsubscribe, bounces of their address, transactions and recognitions are
      deleted, and so is the person; a user account linked to them stays (remove it on the Users
      page) but no longer points to them;
    - uploaded import files (which may hold them in any format) of finished imports are deleted
      once the transaction commits, and their quoted code or e-mail is removed from import errors;
    - the report aggregates are rebuilt, and an audit entry with these counts (no name, code or
      e-mail) is written.
    """
    _check(workspace, person)
    ws = workspace
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        done: dict[str, int] = {}

        cases = _cases(ws, person)
        done["cases"] = cases.count()
        cases.exclude(resolution="").update(resolution=ERASED)
        cases.update(title=ERASED, customer=None)

        done["text_answers"] = (
            Answer.objects.of(ws)
            .filter(response__respondent=person, kind="text")
            .exclude(value_text="")
            .update(value_text=ERASED)
        )
        responses = Response.objects.of(ws).filter(respondent=person)
        done["responses"] = responses.update(contact="", contact_consent_at=None)
        protected = responses.filter(perspective__in=PROTECTED_PERSPECTIVES)
        if protected.exists():
            stand_in = Person.objects.create(
                workspace=ws, code=STAND_IN_PREFIX + secrets.token_hex(6), kind=person.kind
            )
            protected.update(respondent=stand_in)
        responses.update(respondent=None)

        written = Feedback.objects.of(ws).filter(person=person)
        done["feedback"] = written.update(text=ERASED, contact="", consent=False, person=None)
        done["feedback_about"] = (
            Feedback.objects.of(ws).filter(employee=person).update(text=ERASED, employee=None)
        )

        done["recognitions"] = _delete(Recognition.objects.of(ws).filter(employee=person))
        done["invitations"] = _delete(Invitation.objects.of(ws).filter(person=person))
        done["unsubscribes"] = _delete(Unsubscribe.objects.of(ws).filter(person=person))
        done["bounces"] = _delete(_bounces(ws, person))
        done["transactions"] = _delete(Transaction.objects.of(ws).filter(customer=person))
        done["accounts_unlinked"] = (
            Membership.objects.of(ws).filter(person=person).update(person=None)
        )
        done["import_files"] = _forget_in_imports(ws, person)

        person.delete()
        done["people"] = 1
        _rebuild_aggregates(ws)
        AuditEntry.objects.create(workspace=ws, actor=actor, action="person.erase", detail=done)
    return done


def _delete(queryset) -> int:
    _, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)


def _forget_in_imports(ws: Workspace, person: Person) -> int:
    """Remove the person's quoted code and e-mail from import errors; delete finished imports'
    files after commit (a file on disk cannot be rolled back). Returns the files to delete."""
    quoted = [f"{q}{token}{q}" for token in (person.code, person.email) if token for q in "'\""]
    paths = []
    for job in ImportJob.objects.of(ws).order_by("pk"):
        errors = job.errors
        for q in quoted:
            errors = errors.replace(q, f"'{ERASED}'")
        if errors != job.errors:
            ImportJob.objects.filter(pk=job.pk).update(errors=errors)
        if job.finished:
            paths += [p for p in (job.upload_path, job.rejects_path) if p.exists()]

    def unlink() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    transaction.on_commit(unlink)
    return len(paths)


def _rebuild_aggregates(workspace: Workspace) -> None:
    """Rebuild the incrementally maintained report aggregates after answers changed owner.

    The aggregates (``rebuild(workspace)`` in ``servicegap.gaps.aggregates``, or in
    ``servicegap.gaps.cells`` where the aggregates work of issue #3 is landing) are being added
    beside this work; without them the reports recompute from the answers and there is nothing to
    rebuild. This runs inside the erasure's transaction, so the aggregates never disagree with the
    answers (their responses counted as anonymous ones, for instance).
    """
    for name in AGGREGATES:
        if importlib.util.find_spec(name) is not None:
            module = importlib.import_module(name)
            if hasattr(module, "rebuild"):
                module.rebuild(workspace)
                return
