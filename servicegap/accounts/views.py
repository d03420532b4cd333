"""Account pages: login, password reset (Django's views, our forms) and member management."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from servicegap.accounts import throttle, twofactor
from servicegap.accounts.forms import (
    EmailAuthenticationForm,
    InviteForm,
    MemberEditForm,
    MemberForm,
    ResetForm,
    change_member,
    last_owner,
    remove_member,
)
from servicegap.accounts.models import Membership
from servicegap.core.baseurl import base_url
from servicegap.core.models import Workspace
from servicegap.core.web import OWNER_ONLY, workspace_view


class LoginView(auth_views.LoginView):
    """Password login; the login throttle guards it, two-factor users get a second step."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if twofactor.confirmed_device(user) is not None:
            return twofactor.start(self.request, user, self.get_success_url())
        if form.attempt is not None:
            throttle.record_success(form.attempt)
        return super().form_valid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.locked:
            response.status_code = 429
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        context["oidc_label"] = settings.OIDC_LABEL
        context["sso_failed"] = self.request.GET.get("sso") == "failed"
        return context


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password from the e-mailed link also lifts the account's login locks."""

    template_name = "registration/reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.unlock_account(form.user.email)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    # Our own names: the admin's registration/ templates would shadow Django's usual ones.
    template_name = "registration/reset_form.html"
    subject_template_name = "registration/reset_subject.txt"
    email_template_name = "registration/reset_email.txt"

    @property
    def extra_email_context(self):  # type: ignore[override]
        # The link in the e-mail points at the configured public URL, not the request's host.
        return {"base_url": base_url()}


def _members(workspace: Workspace):
    return (
        Membership.objects.of(workspace)
        .select_related("user")
        .prefetch_related("units")
        .order_by("user__email")
    )


def _member(request, pk: int) -> Membership:
    return get_object_or_404(_members(request.workspace), pk=pk)


def _initial(membership: Membership) -> dict:
    return {"role": membership.role, "units": [u.code for u in membership.units.all()]}


@workspace_view(*OWNER_ONLY)
def member_list(request) -> HttpResponse:
    form = InviteForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        membership, sent = form.save(request.user)
        email = membership.user.email
        if sent:
            messages.success(request, f"Invitation sent to {email}.")
        else:
            messages.warning(
                request,
                f"{email} was added, but the e-mail could not be sent. They can use "
                "“Forgotten your password?” on the login page once e-mail works.",
            )
        return redirect("member_list", slug=request.workspace.slug)
    members = list(_members(request.workspace))
    rows = [(m, MemberForm(initial=_initial(m), workspace=request.workspace)) for m in members]
    status = 400 if form.errors else 200
    return render(request, "accounts/members.html", {"rows": rows, "form": form}, status=status)


@workspace_view(*OWNER_ONLY)
def member_edit(request, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    initial = _initial(membership) | {"person": membership.person.code if membership.person else ""}
    form = MemberEditForm(
        request.POST or None,
        initial=initial,
        workspace=request.workspace,
        email=membership.user.email,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        refused = change_member(
            membership, data["role"], data["units"], request.user, person=data["person"]
        )
        if refused:
            form.add_error("role", refused)
        elif request.htmx:
            return _row(request, pk, saved=f"Saved: {data['role']}.")
        else:
            messages.success(request, f"{membership.user.email} is now {data['role']}.")
            return redirect("member_list", slug=request.workspace.slug)
    if request.htmx and form.errors:
        return _row(
            request, pk, error=" ".join(str(e) for errs in form.errors.values() for e in errs)
        )
    context = {"m": membership, "form": form, "last_owner": last_owner(membership)}
    return render(request, "accounts/member_edit.html", context, status=400 if form.errors else 200)


def _row(request, pk: int, saved: str = "", error: str = "") -> HttpResponse:
    """One row of the member list, for the inline (HTMX) role change."""
    membership = _member(request, pk)
    row_form = MemberForm(initial=_initial(membership), workspace=request.workspace)
    context = {"m": membership, "row_form": row_form, "saved": saved, "error": error}
    return render(request, "accounts/_member_row.html", context)


@workspace_view(*OWNER_ONLY)
@require_POST
def member_remove(request, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    email = membership.user.email
    refused = remove_member(membership, request.user)
    if refused:
        messages.error(request, refused)
        return redirect("member_edit", slug=request.workspace.slug, pk=pk)
    messages.success(request, f"{email} was removed from {request.workspace.name}.")
    if membership.user_id == request.user.pk:
        return redirect("home")
    return redirect("member_list", slug=request.workspace.slug)
