"""Single sign-on through OpenID Connect (mozilla-django-oidc), when it is configured.

The provider proves who someone is; ServiceGap decides what they may do. A person signing in
through the provider becomes the ServiceGap user with the same e-mail address (case does not
matter), provided the provider vouches for that address. Nobody is created here: an owner adds
members first (Users page or `servicegap createuser`), exactly as for password logins.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)


def user_for_claims(claims: dict[str, Any]):
    """The active users the provider's claims name: same e-mail, and the e-mail is verified.

    A provider that says ``email_verified: false`` (or the string "false") names nobody: anyone
    can type any address into some providers' profiles.
    """
    email = str(claims.get("email") or "").strip()
    verified = claims.get("email_verified", True)
    if isinstance(verified, str):
        verified = verified.strip().lower() == "true"
    if not email or verified is not True:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(email__iexact=email, is_active=True)


class OidcBackend(OIDCAuthenticationBackend):
    """The library's code flow (state, nonce, PKCE, signature checks), matched by e-mail."""

    def filter_users_by_claims(self, claims):
        return user_for_claims(claims)

    def create_user(self, claims):  # never called: OIDC_CREATE_USER is False; belt and braces
        return None


def oidc_start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the provider (GET /accounts/oidc/authenticate/)."""
    if not settings.OIDC_ENABLED:
        messages.info(request, "Single sign-on is not set up here; log in with your password.")
        return redirect("login")
    return OIDCAuthenticationRequestView.as_view()(request)


def oidc_callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the browser back here with a code (GET /accounts/oidc/callback/)."""
    if not settings.OIDC_ENABLED:
        return redirect("login")
    return OIDCAuthenticationCallbackView.as_view()(request)
