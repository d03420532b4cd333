"""Respondent pages (kiosk, Tell us) under /r/<workspace>/ and the owner's channel settings."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_POST

from servicegap.channels.forms import ChannelSettingsForm, KioskForm, TellUsForm
from servicegap.channels.gate import channel_settings, is_bot
from servicegap.channels.models import ChannelSettings, Kiosk, new_kiosk_token
from servicegap.channels.ratelimit import public_post
from servicegap.channels.service import public_feedback
from servicegap.core.audit import record
from servicegap.core.baseurl import base_url
from servicegap.core.forms import show_error
from servicegap.core.models import Workspace
from servicegap.core.web import OWNER_ONLY, workspace_for_slug, workspace_view
from servicegap.promise.brand import palette_of
from servicegap.surveys.contract import ResponseError


def _public_workspace(request, slug: str):
    workspace = workspace_for_slug(slug)
    request.workspace = workspace  # for the page title; no membership, so no navigation
    return workspace


def tell_us(request, slug: str) -> HttpResponse:
    workspace = _public_workspace(request, slug)
    if not channel_settings(workspace).public_feedback:
        raise Http404("no public feedback")
    initial = {k: request.GET.get(k, "") for k in ("kind", "touchpoint", "unit", "standard")}
    form = TellUsForm(request.POST or None, initial=initial, workspace=workspace)
    status = 200
    if request.method == "POST":
        retry_after = public_post(request, workspace)
        if retry_after:
            form.is_valid()
            form.add_error(None, f"Too many messages from here; try again in {retry_after} s.")
            response = render(request, "channels/tell_us.html", {"form": form}, status=429)
            response["Retry-After"] = str(retry_after)
            return response
        if form.is_valid():
            if is_bot(form.cleaned_data):
                return redirect("tell_us_thanks", slug=slug)
            try:
                public_feedback(workspace, form.cleaned_data, channel="tell-us")
            except ResponseError as e:
                show_error(form, e)
            else:
                return redirect("tell_us_thanks", slug=slug)
        status = 422
    return render(request, "channels/tell_us.html", {"form": form}, status=status)


def tell_us_thanks(request, slug: str) -> HttpResponse:
    _public_workspace(request, slug)
    return render(request, "channels/thanks.html")


def kiosk_page(request, slug: str, kiosk_token: str) -> HttpResponse:
    workspace = _public_workspace(request, slug)
    kiosk = Kiosk.objects.of(workspace).filter(token=kiosk_token, active=True).first()
    if kiosk is None:
        raise Http404("no such kiosk")
    endpoint = reverse("api:post_tap", kwargs={"slug": slug})
    return render(request, "channels/kiosk.html", {"kiosk": kiosk, "endpoint": endpoint})


def widget_snippet(workspace: Workspace) -> str:
    """The <script> tag a site pastes: the widget in the workspace's brand (its name in the
    dialog, its colour on the buttons, made readable as on the public pages)."""
    src = base_url() + static("servicegap/widget.js")
    p = palette_of(workspace)
    brand = " ".join(
        f'data-{key}="{value}"'
        for key, value in (("accent", p.accent), ("accent-dark", p.accent_dark),
                           ("on-accent", p.on_accent), ("on-accent-dark", p.on_accent_dark))
    )  # fmt: skip
    return (
        f'<script src="{src}" data-servicegap-workspace="{workspace.slug}" '
        f'data-name="{escape(workspace.name)}" {brand} defer></script>'
    )


def _settings_forms(request, cs: ChannelSettings, post_for: str = ""):
    data = request.POST if request.method == "POST" else None
    initial = {
        "public_feedback": cs.public_feedback,
        "allowed_origins": "\n".join(cs.allowed_origins),
    }
    return (
        ChannelSettingsForm(data if post_for == "settings" else None, initial=initial),
        KioskForm(data if post_for == "kiosk" else None, workspace=request.workspace),
    )


@workspace_view(*OWNER_ONLY)
def channel_page(request) -> HttpResponse:
    workspace = request.workspace
    cs = channel_settings(workspace)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    settings_form, kiosk_form = _settings_forms(request, cs, which)
    if which == "settings" and settings_form.is_valid():
        cs.public_feedback = settings_form.cleaned_data["public_feedback"]
        cs.allowed_origins = settings_form.cleaned_data["allowed_origins"]
        cs.save()
        record(
            workspace,
            request.user,
            "channels.settings",
            public_feedback=cs.public_feedback,
            allowed_origins=cs.allowed_origins,
        )
        messages.success(request, "Channel settings saved.")
        return redirect("channel_page", slug=workspace.slug)
    if which == "kiosk" and kiosk_form.is_valid():
        kiosk = kiosk_form.save()
        record(workspace, request.user, "kiosk.create", kiosk=kiosk.code)
        messages.success(request, f"Kiosk {kiosk.code} added: open its link on the device.")
        return redirect("channel_page", slug=workspace.slug)
    kiosks = (
        Kiosk.objects.of(workspace)
        .select_related("touchpoint__unit", "unit")
        .annotate(tap_count=Count("taps"), last_tap=Max("taps__received_at"))
    )
    context = {
        "cs": cs,
        "settings_form": settings_form,
        "kiosk_form": kiosk_form,
        "kiosks": kiosks,
        "snippet": widget_snippet(workspace),
        "base_url": base_url(),
    }
    failed = settings_form.errors or kiosk_form.errors
    return render(request, "channels/settings.html", context, status=400 if failed else 200)


@workspace_view(*OWNER_ONLY)
@require_POST
def kiosk_action(request, pk: int) -> HttpResponse:
    kiosk = get_object_or_404(Kiosk.objects.of(request.workspace), pk=pk)
    action = request.POST.get("action")
    if action == "new-link":
        kiosk.token = new_kiosk_token()
        note = f"Kiosk {kiosk.code} has a new link; the old one no longer works."
    elif action in ("retire", "activate"):
        kiosk.active = action == "activate"
        note = f"Kiosk {kiosk.code} {'is active again' if kiosk.active else 'is retired'}."
    else:
        messages.error(request, "Unknown action.")
        return redirect("channel_page", slug=request.workspace.slug)
    kiosk.save()
    record(request.workspace, request.user, f"kiosk.{action}", kiosk=kiosk.code)
    messages.success(request, note)
    return redirect("channel_page", slug=request.workspace.slug)
