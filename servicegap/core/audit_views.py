"""The Audit log page of a workspace (owners): newest first, filtered by action, 100 a page."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from servicegap.core.audit_text import sentence
from servicegap.core.models import AuditEntry
from servicegap.core.web import OWNER_ONLY, workspace_view

PAGE_SIZE = 100


@workspace_view(*OWNER_ONLY)
def audit_log(request) -> HttpResponse:
    entries = AuditEntry.objects.of(request.workspace).order_by("-at", "-pk")
    action = request.GET.get("action", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    actions = sorted(
        {
            a.split(".")[0]
            for a in AuditEntry.objects.of(request.workspace)
            .values_list("action", flat=True)
            .distinct()
        }
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (
            e,
            sentence(e.actor, e.action, e.detail),
            json.dumps(e.detail, ensure_ascii=False, sort_keys=True) if e.detail else "",
        )
        for e in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "actions": actions,
        "action": action,
        "query": query.urlencode(),
    }
    return render(request, "core/audit_log.html", context)
