"""The feedback inbox under /w/<slug>/feedback/: owners, leaders and managers (their units).

Employees do not get the inbox (404). Customers' feedback and survey comments are listed one by
one, newest first, a page at a time; employee, leader and internal input only in groups
(``feedback/groups.py``, docs/feedback.md).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from servicegap.accounts.models import Role
from servicegap.core.web import workspace_view
from servicegap.feedback import groups, inbox
from servicegap.feedback.forms import InboxForm
from servicegap.people.models import Unit
from servicegap.text import explore

READERS = (Role.OWNER, Role.LEADER, Role.MANAGER)


@workspace_view(*READERS)
def feedback_inbox(request) -> HttpResponse:
    ws, scope = request.workspace, request.unit_scope
    form = InboxForm(request.GET or None, workspace=ws, scope=scope)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "entries": [], "groups": []}
        return render(request, "feedback/inbox.html", context, status=400)
    scope_ids = (
        None
        if scope is None
        else frozenset(Unit.objects.of(ws).filter(code__in=scope).values_list("pk", flat=True))
    )
    filters = form.filters(scope_ids)
    cursor = form.cleaned_data.get("after") if form.is_bound else None
    entries, following = inbox.page(ws, filters, cursor)
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "form": form,
        "entries": entries,
        "following": following,
        "first_page": cursor is None,
        "query": query.urlencode(),
        "groups": groups.groups(ws, filters, scope_ids) if cursor is None else [],
        "grouping_off": bool(
            filters.touchpoint or filters.standard or filters.status or filters.on_labels
        ),
        "explorer": explore.summary(ws, filters) if cursor is None else None,
        **explore.correcting(request.GET.urlencode()),
        "threshold": groups.threshold(ws),
        "can_act": inbox.action_model() is not None,
    }
    return render(request, "feedback/inbox.html", context)
