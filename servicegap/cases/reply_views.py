"""The case page's reply to the customer (POST): the e-mail with its single-use link."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse

from servicegap.cases import reply
from servicegap.cases.models import Case
from servicegap.cases.views import _back, _page, case_view
from servicegap.core.forms import show_error
from servicegap.core.web import workspace_view
from servicegap.lib.errors import FieldError


@workspace_view()
@case_view()
def case_reply(request, case: Case) -> HttpResponse:
    form = reply.ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply.send_reply(case, form.cleaned_data["text"], actor=request.user)
        except FieldError as exc:
            show_error(form, exc)  # no address or a mail server refusal: above the form
        else:
            messages.success(request, f"Sent to {reply.reply_address(case)}.")
            return _back(case)
    return _page(request, case, {"reply_form": form})
