"""Forms of the account pages: login by e-mail, password reset, inviting and managing members."""

from __future__ import annotations

import logging
import smtplib

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from servicegap.accounts import throttle
from servicegap.accounts.models import Membership, Role
from servicegap.accounts.services import SCOPED_ROLES, linkable_person, set_membership
from servicegap.core.baseurl import base_url
from servicegap.core.models import AuditEntry, Workspace
from servicegap.people.models import Unit

logger = logging.getLogger(__name__)


def locked_error(seconds: int) -> forms.ValidationError:
    return forms.ValidationError(
        "Too many failed attempts to log in to this account. For its safety, logging in is "
        f"paused for {throttle.wait_text(seconds)}. Resetting your password by e-mail "
        "(“Forgotten your password?”) lifts the pause.",
        code="locked",
    )


class EmailAuthenticationForm(AuthenticationForm):
    """Login by e-mail, guarded by the login throttle (``servicegap.accounts.throttle``)."""

    username = forms.EmailField(
        label="E-mail",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "This e-mail and password do not match an account. Check both and try again.",
    }

    attempt: throttle.Attempt | None = None

    def clean(self):
        email = self.cleaned_data.get("username")
        if not email or not self.cleaned_data.get("password") or self.request is None:
            return super().clean()
        self.attempt = throttle.attempt_of(self.request, email)
        wait = throttle.locked_for(self.attempt)
        if wait:
            raise locked_error(wait)
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                wait = throttle.record_failure(self.attempt)
                if wait:
                    raise locked_error(wait) from None
            raise

    @property
    def locked(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, "locked")


class CodeForm(forms.Form):
    """The six digits an authenticator app shows."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Type the 6 digits your authenticator app shows.")
        return code


class ResetForm(PasswordResetForm):
    """Also reaches invited users who have not chosen a password yet (their invite may be lost)."""

    email = forms.EmailField(
        label="E-mail", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (u for u in users if u.email.casefold() == email.casefold())


def set_password_link(user) -> str:
    """The absolute link (on ``BASE_URL``) where ``user`` chooses a new password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return base_url() + path


def _unit_choices(workspace: Workspace) -> list[tuple[str, str]]:
    return [(u.code, f"{u.name} ({u.code})") for u in Unit.objects.of(workspace).order_by("code")]


class MemberForm(forms.Form):
    """Role and units of a member; managers and employees need at least one unit."""

    role = forms.ChoiceField(choices=Role.choices)
    units = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Managers and employees see their units only.",
    )

    def __init__(self, *args, workspace: Workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        units = self.fields["units"]
        assert isinstance(units, forms.ChoiceField)
        units.choices = _unit_choices(workspace)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("role") in SCOPED_ROLES and not data.get("units"):
            self.add_error("units", "Choose at least one unit for a manager or an employee.")
        return data


class MemberEditForm(MemberForm):
    """The edit page also links the member to their employee or leader record."""

    person = forms.CharField(
        required=False,
        max_length=64,
        label="Person record",
        help_text="The code of their employee or leader record: their My page shows the "
        "recognitions it receives. Empty: not linked.",
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_person(self) -> str:
        code = self.cleaned_data["person"].strip()
        if code:
            try:
                linkable_person(self.workspace, code, self.email)
            except ValueError as exc:
                raise forms.ValidationError(str(exc).removeprefix("--person: ")) from None
        return code


class InviteForm(MemberForm):
    email = forms.EmailField(label="E-mail", widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    field_order = ["email", "role", "units"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"role": Role.EMPLOYEE})
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        taken = Membership.objects.of(self.workspace).filter(user__email__iexact=email).exists()
        if taken:
            raise forms.ValidationError("Already a member: change their role in the list instead.")
        return email

    def save(self, inviter) -> tuple[Membership, bool]:
        """Add the member and e-mail them; the bool says whether the e-mail could be sent."""
        data = self.cleaned_data
        user, _ = set_membership(self.workspace, data["email"], data["role"], data["units"])
        context = {
            "workspace": self.workspace,
            "inviter": inviter,
            "role": data["role"],
            "login_url": base_url() + reverse("login"),
            "set_password_url": None if user.has_usable_password() else set_password_link(user),
        }
        subject = render_to_string("registration/invitation_subject.txt", context).strip()
        body = render_to_string("registration/invitation_email.txt", context)
        try:
            send_mail(subject, body, None, [user.email])
            sent = True
        except (OSError, smtplib.SMTPException):
            logger.exception("could not send the invitation to %s", user.email)
            sent = False
        audit(self.workspace, inviter, "member.invite", email=user.email, role=data["role"])
        return Membership.objects.of(self.workspace).get(user=user), sent


def last_owner(membership: Membership) -> bool:
    """True when ``membership`` is the workspace's only owner."""
    if membership.role != Role.OWNER:
        return False
    owners = Membership.objects.of(membership.workspace_id).filter(role=Role.OWNER)
    return owners.exclude(pk=membership.pk).count() == 0


def change_member(
    membership: Membership, role: str, units: list[str], actor, person: str | None = None
) -> str | None:
    """Apply a role/units change (and the person link, when given); returns why it was
    refused, or None."""
    if role != Role.OWNER and last_owner(membership):
        return "The last owner must stay an owner: make someone else an owner first."
    set_membership(membership.workspace, membership.user.email, role, units, person=person)
    extra = {"person": person} if person is not None else {}
    audit(
        membership.workspace,
        actor,
        "member.change",
        email=membership.user.email,
        role=role,
        units=units,
        **extra,
    )
    return None


def remove_member(membership: Membership, actor) -> str | None:
    if last_owner(membership):
        return "The last owner cannot be removed: make someone else an owner first."
    email = membership.user.email
    membership.delete()
    audit(membership.workspace, actor, "member.remove", email=email)
    return None


def audit(workspace: Workspace, actor, action: str, **detail) -> None:
    AuditEntry.objects.create(workspace=workspace, actor=actor.email, action=action, detail=detail)
