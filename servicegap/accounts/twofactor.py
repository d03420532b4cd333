"""Optional two-factor sign-in with an authenticator app (TOTP, django-otp).

Each user may turn it on for themselves on /accounts/two-factor/: scan the QR code (or type the
key), confirm with a first code. From then on a right password leads to a second step,
/accounts/login/verify/, where the current code completes the login. Wrong codes count against
the same login throttle as wrong passwords, on top of django-otp's own growing delay.
"""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from servicegap.accounts import throttle
from servicegap.accounts.forms import CodeForm, locked_error
from servicegap.core.audit import record_for_user

PENDING = "servicegap_2fa_pending"
PENDING_SECONDS = 300  # the second step must follow the password within five minutes
WRONG_CODE = "That code is not right, or it was used already. Type the code shown now."


def confirmed_device(user) -> TOTPDevice | None:
    if user is None or not user.pk:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def start(request: HttpRequest, user, next_url: str) -> HttpResponse:
    """The password was right and ``user`` has two-factor on: ask for the code next."""
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "at": time.time(),
    }
    return redirect("login_verify")


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, None
    user_pk = pending.get("user")
    if not isinstance(user_pk, int):
        return None, None
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    return user, pending


def login_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a login: the code from the authenticator app."""
    user, pending = _pending_user(request)
    device = confirmed_device(user)
    if user is None or device is None or pending is None:
        messages.info(request, "Log in with your e-mail and password first.")
        return redirect("login")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        attempt = throttle.attempt_of(request, user.email)
        wait = throttle.locked_for(attempt)
        if wait:
            form.add_error(None, locked_error(wait))
            status = 429
        elif device.verify_token(form.cleaned_data["code"]):
            throttle.record_success(attempt)
            del request.session[PENDING]
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return HttpResponseRedirect(pending["next"])
        else:
            wait = throttle.record_failure(attempt)
            if wait:
                form.add_error(None, locked_error(wait))
                status = 429
            else:
                form.add_error("code", WRONG_CODE)
                status = 400
    elif form.errors:
        status = 400
    return render(request, "registration/login_verify.html", {"form": form}, status=status)


def _qr_svg(url: str) -> SafeString:
    """The otpauth:// link as inline SVG markup (no style attributes: fine under the CSP).

    Markup the server draws: segno writes only the modules' path and the constant title (escaped),
    never the link's text, so nothing a user typed reaches it; marked safe here, the one place,
    rather than with ``|safe`` in the template."""
    svg: str = segno.make(url, error="m").svg_inline(
        scale=5, light="#fff", title="QR code of your key"
    )
    return mark_safe(svg)  # noqa: S308 - server-drawn geometry, see above


def _grouped(key: bytes) -> str:
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on (scan, confirm with a code) or off (with a current code)."""
    user: Any = request.user  # signed in: the login middleware lets nobody else here
    device = confirmed_device(user)
    form = CodeForm(request.POST or None)
    status = 200
    if device is not None:
        if request.method == "POST" and form.is_valid():
            if device.verify_token(form.cleaned_data["code"]):
                TOTPDevice.objects.filter(user=user).delete()
                record_for_user(user, "member.two_factor.off", email=user.email)
                messages.success(request, "Two-factor sign-in is off.")
                return redirect("two_factor")
            form.add_error("code", WRONG_CODE)
        status = 400 if form.errors else 200
        context = {"on": True, "form": form}
        return render(request, "registration/two_factor.html", context, status=status)
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    if request.method == "POST" and form.is_valid():
        if pending.verify_token(form.cleaned_data["code"]):
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, pending)
            record_for_user(user, "member.two_factor.on", email=user.email)
            messages.success(
                request, "Two-factor sign-in is on: logins will ask for a code from now on."
            )
            return redirect("two_factor")
        form.add_error("code", WRONG_CODE)
    context = {
        "on": False,
        "form": form,
        "qr": _qr_svg(pending.config_url),
        "key": _grouped(pending.bin_key),
    }
    return render(
        request, "registration/two_factor.html", context, status=400 if form.errors else status
    )
