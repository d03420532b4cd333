"""The webhook pages (owners: list, add, delivery log, resend, remove) and the digest choice
(leaders and owners). Thin: the rules are in ``service``, ``delivery`` and ``digest``."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from servicegap.accounts.models import Role
from servicegap.core.audit import record
from servicegap.core.forms import show_error
from servicegap.core.web import OWNER_ONLY, workspace_view
from servicegap.lib.errors import FieldError
from servicegap.notifications import delivery
from servicegap.notifications.forms import DigestForm, WebhookForm
from servicegap.notifications.models import Delivery, DigestChoice, DigestFrequency, Webhook
from servicegap.notifications.service import add_webhook, describe

PAGE_SIZE = 50


@workspace_view(*OWNER_ONLY)
def webhook_list(request) -> HttpResponse:
    """The list, and the form to add one; after an add, its secret is shown on this answer only
    (never stored in the session or a redirect)."""
    ws = request.workspace
    form = WebhookForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = add_webhook(
                    ws, form.cleaned_data["url"], form.cleaned_data["events"], request.user.email
                )
            except FieldError as exc:
                show_error(form, exc)
            else:
                record(ws, request.user, "webhook.add", webhook_id=created.pk, url=created.url)
                form = WebhookForm()
        if form.errors:
            status = 400
    hooks = [describe(h) for h in Webhook.objects.of(ws)]
    context = {"hooks": hooks, "form": form, "created": created}
    return render(request, "notifications/list.html", context, status=status)


def _webhook(request, webhook_id: int) -> Webhook:
    return get_object_or_404(Webhook.objects.of(request.workspace), pk=webhook_id)


@workspace_view(*OWNER_ONLY)
def webhook_detail(request, webhook_id: int) -> HttpResponse:
    """The delivery log of one webhook, newest first."""
    hook = _webhook(request, webhook_id)
    rows = Delivery.objects.of(request.workspace).filter(webhook=hook)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/detail.html", {"hook": hook, "page": page})


@workspace_view(*OWNER_ONLY)
@require_POST
def delivery_resend(request, webhook_id: int, delivery_id: int) -> HttpResponse:
    hook = _webhook(request, webhook_id)
    row = get_object_or_404(
        Delivery.objects.of(request.workspace).filter(webhook=hook), pk=delivery_id
    )
    delivery.resend(row)
    record(request.workspace, request.user, "webhook.resend", delivery_id=row.pk)
    messages.success(
        request, f"The {row.event} message is queued again; it goes out within seconds."
    )
    return redirect("webhook_detail", slug=request.workspace.slug, webhook_id=hook.pk)


@workspace_view(*OWNER_ONLY)
@require_POST
def webhook_remove(request, webhook_id: int) -> HttpResponse:
    hook = _webhook(request, webhook_id)
    url = hook.url
    hook.delete()
    record(request.workspace, request.user, "webhook.remove", webhook_id=webhook_id, url=url)
    messages.success(request, f"The webhook to {url} is removed; nothing more is sent to it.")
    return redirect("webhook_list", slug=request.workspace.slug)


@workspace_view(Role.OWNER, Role.LEADER)
def digest_choice(request) -> HttpResponse:
    ws = request.workspace
    choice = DigestChoice.objects.of(ws).filter(user=request.user).first()
    current = choice.frequency if choice else DigestFrequency.WEEKLY
    form = DigestForm(request.POST or None, initial={"frequency": current})
    if request.method == "POST" and form.is_valid():
        DigestChoice.objects.update_or_create(
            workspace=ws, user=request.user, defaults={"frequency": form.cleaned_data["frequency"]}
        )
        messages.success(request, "Your digest choice is saved.")
        return redirect("digest_choice", slug=ws.slug)
    status = 400 if form.errors else 200
    return render(request, "notifications/digest.html", {"form": form}, status=status)
