"""Single-use links e-mailed to a case's customer: to answer back into the case (``reply``) or to
answer the recovery survey (``recovery``).

The token is 256 random bits; only its SHA-256 is stored (as invitation tokens are), so a copy of
the database opens no link. A link works once: ``claim`` marks it used in one conditional UPDATE,
so two tabs posting at once store one answer.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from servicegap.cases.models import Case, CaseLink
from servicegap.core.baseurl import base_url
from servicegap.core.models import Workspace
from servicegap.invitations.models import hash_token, new_token

VALID_DAYS = {CaseLink.Purpose.REPLY: 30, CaseLink.Purpose.RECOVERY: 30}
URL_NAMES = {
    CaseLink.Purpose.REPLY: "case_customer_reply",
    CaseLink.Purpose.RECOVERY: "case_recovery",
}

USABLE, USED, EXPIRED = "usable", "used", "expired"


def issue(case: Case, purpose: str) -> tuple[CaseLink, str]:
    """A new link for ``case`` and its raw token (which only the e-mail carries)."""
    raw, hashed = new_token()
    now = timezone.now()
    link = CaseLink.objects.create(
        workspace_id=case.workspace_id,
        case=case,
        purpose=purpose,
        token_hash=hashed,
        created_at=now,
        expires_at=now + timedelta(days=VALID_DAYS[CaseLink.Purpose(purpose)]),
    )
    return link, raw


def url(workspace: Workspace, purpose: str, raw: str) -> str:
    return base_url() + reverse(URL_NAMES[CaseLink.Purpose(purpose)], args=[workspace.slug, raw])


def find(workspace: Workspace, purpose: str, raw: str) -> CaseLink | None:
    """The link of this workspace and purpose with this token, or None."""
    if not raw or len(raw) > 100:
        return None
    return (
        CaseLink.objects.of(workspace)
        .select_related("case", "workspace")
        .filter(purpose=purpose, token_hash=hash_token(raw))
        .first()
    )


def state(link: CaseLink) -> str:
    if link.used_at is not None:
        return USED
    if link.expires_at <= timezone.now():
        return EXPIRED
    return USABLE


def claim(link: CaseLink) -> bool:
    """Mark the link used; False when it was used (or expired) meanwhile. Call inside the
    transaction that stores the answer, so a failed store leaves the link usable."""
    now = timezone.now()
    done = CaseLink.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(
        used_at=now
    )
    link.used_at = now if done else link.used_at
    return bool(done)
