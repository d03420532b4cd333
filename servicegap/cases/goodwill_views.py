"""The case page's goodwill (POST): grant a refund, credit or gesture; approve or decline one."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse

from servicegap.cases import goodwill
from servicegap.cases.models import Case, Goodwill
from servicegap.cases.views import _back, _page, case_view
from servicegap.core.forms import show_error
from servicegap.core.web import workspace_view
from servicegap.lib.errors import FieldError


@workspace_view()
@case_view()
def case_goodwill(request, case: Case) -> HttpResponse:
    form = goodwill.GoodwillForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = goodwill.grant(
                case, request.membership, data["kind"], data["amount"], data["note"]
            )
        except FieldError as exc:
            show_error(form, exc)
        else:
            if row.state == Goodwill.State.PENDING:
                messages.info(request, "Above your limit: it waits for a manager's approval.")
            else:
                messages.success(request, f"Granted: {row.amount} {row.currency}.")
            return _back(case)
    return _page(request, case, {"goodwill_form": form})


@workspace_view()
@case_view()
def case_goodwill_decide(request, case: Case, pk: int) -> HttpResponse:
    row = case.goodwill.filter(pk=pk).select_related("case__unit", "workspace").first()
    if row is None:
        raise Http404("no such grant")
    decision = request.POST.get("decision")
    if decision not in ("approve", "decline"):
        return _page(request, case, {"goodwill_error": "decision must be approve or decline"})
    try:
        goodwill.decide(row, request.membership, decision == "approve")
    except FieldError as exc:
        return _page(request, case, {"goodwill_error": exc.message})
    messages.success(request, f"{'Approved' if decision == 'approve' else 'Declined'}.")
    return _back(case)
