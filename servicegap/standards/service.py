"""Every change to a standard from the pages: create, edit, retire or restore, add to a survey.

A new version is made the one way the import makes it, ``Standard.save_version`` (a changed
versioned field gives the next ``StandardVersion``; an unchanged standard is not touched), so a
past answer keeps pointing at the version it rated. Each change writes one audit entry in the
same transaction; a refusal raises ``StandardError`` (a ``FieldError``) and writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from servicegap.core.audit import record
from servicegap.core.models import Workspace
from servicegap.lib.errors import FieldError
from servicegap.standards.models import Standard
from servicegap.surveys import builder
from servicegap.surveys.models import Question, Survey, SurveyStatus
from servicegap.surveys.templates_catalogue import specs_for_type

# Words that are page paths under /w/<slug>/standards/, so never a standard's code.
RESERVED = frozenset({"new"})


class StandardError(FieldError):
    """A change to a standard is refused; ``field`` names the form field."""


def check_new_code(workspace: Workspace, code: str) -> None:
    """A new code: the survey code rule, not taken by a standard or by a survey's question."""
    if not builder.CODE_RE.match(code or ""):
        raise StandardError("code", "use letters, digits, - and _ (at most 64, no dots or spaces)")
    if code.lower() in RESERVED:
        raise StandardError("code", f"{code} is a word of the pages; choose another code")
    if Standard.objects.of(workspace).filter(code=code).exists():
        raise StandardError("code", f"a standard with code {code} exists already")
    # Question codes and standard codes share one namespace (surveys/builder.py: check_code).
    if Question.objects.of(workspace).filter(code=code, standard__isnull=True).exists():
        raise StandardError("code", f"{code} is the code of a survey question; choose another")


def check_target(workspace: Workspace, target: float | None) -> None:
    if target is not None and not 1 <= target <= workspace.scale_max:
        raise StandardError("target", f"a target is between 1 and {workspace.scale_max}")


@transaction.atomic
def create(workspace: Workspace, actor: Any, code: str, values: dict[str, Any]) -> Standard:
    check_new_code(workspace, code)
    check_target(workspace, values.get("target"))
    standard = Standard(workspace=workspace, code=code, **values)
    standard.save_version()
    record(workspace, actor, "standard.create", code=code, version=standard.version)
    return standard


@transaction.atomic
def update(workspace: Workspace, actor: Any, standard: Standard, values: dict[str, Any]) -> bool:
    """Apply ``values``; True when a new version was made (and audited)."""
    check_target(workspace, values.get("target"))
    before = standard.snapshot()
    for name, value in values.items():
        setattr(standard, name, value)
    made = standard.save_version()
    if made:
        changed = sorted(k for k, v in standard.snapshot().items() if before[k] != v)
        record(
            workspace, actor, "standard.update", code=standard.code,
            version=standard.version, changed=changed,
        )  # fmt: skip
    return made


@transaction.atomic
def set_retired(workspace: Workspace, actor: Any, standard: Standard, retired: bool) -> None:
    if standard.retired == retired:
        return
    standard.retired = retired
    standard.save(update_fields=["retired", "updated_at"])
    action = "standard.retire" if retired else "standard.restore"
    record(workspace, actor, action, code=standard.code)


def draft_surveys(workspace: Workspace):
    """The surveys a standard may be added to: drafts (a published survey is edited in its
    builder, where a change becomes a new survey version)."""
    return Survey.objects.of(workspace).filter(status=SurveyStatus.DRAFT).order_by("code")


@transaction.atomic
def add_to_survey(
    workspace: Workspace, actor: Any, standard: Standard, survey: Survey, qtype: str
) -> None:
    """Ask ``standard`` in a draft ``survey`` as a builder question of type ``qtype``."""
    if standard.retired:
        raise StandardError("survey", "a retired standard is not added to surveys; restore it")
    if survey.status != SurveyStatus.DRAFT:
        raise StandardError("survey", f"{survey.code} is not a draft; edit it in its builder")
    try:
        builder.add_questions(survey, specs_for_type(qtype, standard.code, "", standard))
    except builder.BuildError as error:
        field = "qtype" if error.field == "qtype" else "survey"
        raise StandardError(field, error.message) from None
    record(
        workspace, actor, "standard.add_to_survey", code=standard.code, survey=survey.code,
        qtype=qtype,
    )  # fmt: skip
