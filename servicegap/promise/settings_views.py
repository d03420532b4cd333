"""The owner's brand settings, /w/<slug>/settings/brand/: what every public page shows."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from servicegap.core.audit import record
from servicegap.core.models import Workspace
from servicegap.core.web import OWNER_ONLY, workspace_view
from servicegap.promise.brand import brand_of
from servicegap.promise.forms import BrandForm


def _initial(workspace: Workspace) -> dict:
    return {
        "name": workspace.name,
        "brand_colour": workspace.brand_colour,
        "promise_public": workspace.promise_public,
    }


@workspace_view(*OWNER_ONLY)
def brand_settings(request) -> HttpResponse:
    workspace = request.workspace
    status = 200
    if request.method == "POST":
        form, status = _save(request, workspace)
        if status == 302:
            return redirect("brand_settings", slug=workspace.slug)
    else:
        form = BrandForm(initial=_initial(workspace))
    context = {"form": form, "brand": brand_of(workspace)}
    return render(request, "promise/brand_settings.html", context, status=status)


def _save(request, workspace: Workspace) -> tuple[BrandForm, int]:
    form = BrandForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, 400
    changed = form.changes(workspace)
    if changed:
        with transaction.atomic():
            for field, value in changed.items():
                setattr(workspace, field, value)
            workspace.save(update_fields=list(changed))
            detail = {k: v for k, v in changed.items() if k != "logo"}
            if "logo" in changed:
                detail["logo_bytes"] = len(changed["logo"])
            record(workspace, request.user, "brand.update", **detail)
        messages.success(request, "Brand saved: the public pages show it now.")
    else:
        messages.info(request, "Nothing changed.")
    return form, 302
