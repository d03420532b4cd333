"""The audit log: who changed the workspace's configuration or took its data out, and when.

Every admin action (members and roles, API keys, publishing standards and surveys, settings of
surveys, channels and invitations, two-factor changes) and every way data leaves (exports, report
downloads, backups) writes one ``AuditEntry`` through ``record``. Owners read the log on the
workspace's "Audit log" page.
"""

from __future__ import annotations

from typing import Any

from servicegap.core.models import AuditEntry, Workspace


def actor_name(actor: Any) -> str:
    """A user (their e-mail), an API key (``api-key:<prefix>``) or a plain name ('cli')."""
    if isinstance(actor, str):
        return actor
    prefix = getattr(actor, "prefix", None)
    if prefix is not None and hasattr(actor, "key_hash"):
        return f"api-key:{prefix}"
    return getattr(actor, "email", "") or str(actor)


def record(workspace: Workspace, actor: Any, action: str, **detail: Any) -> AuditEntry:
    """One entry in ``workspace``'s log; ``detail`` must be plain JSON."""
    return AuditEntry.objects.create(
        workspace=workspace, actor=actor_name(actor)[:200], action=action, detail=detail
    )


def record_for_user(user, action: str, **detail: Any) -> None:
    """One entry in the log of every workspace ``user`` belongs to (their own account changed)."""
    from servicegap.accounts.models import Membership

    for membership in Membership.objects.filter(user=user).select_related("workspace"):
        record(membership.workspace, user, action, **detail)


def record_everywhere(actor: Any, action: str, **detail: Any) -> None:
    """One entry in the log of every workspace (a backup or restore covers them all)."""
    for workspace in Workspace.objects.all():
        record(workspace, actor, action, **detail)
