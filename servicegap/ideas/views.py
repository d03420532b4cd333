"""The ideas board (every member: submit, vote; owners and leaders: status, make an action) and
the brainstorm mode (a facilitator walks a journey; members join from their phones by a short
link and everyone's screen follows by polling every 2 s). Rules: docs/ideas.md."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from servicegap.core.forms import show_error
from servicegap.core.models import Workspace
from servicegap.core.web import workspace_view
from servicegap.feedback.models import Feedback, IdeaStatus
from servicegap.ideas import service
from servicegap.ideas.forms import BrainstormForm, ContributionForm, FilterForm, IdeaForm
from servicegap.ideas.models import Brainstorm
from servicegap.journeys.models import Journey, Touchpoint
from servicegap.lib.errors import FieldError

DECIDERS = ("owner", "leader")  # move an idea's status, make it an action
FACILITATORS = ("owner", "leader", "manager")
POLL_S = 2


def _touchpoints(ws: Workspace) -> list[Touchpoint]:
    return list(
        Touchpoint.objects.of(ws).select_related("journey").order_by("journey__code", "step")
    )


def _board_context(request, idea_form: IdeaForm | None = None) -> tuple[dict, int]:
    ws, touchpoints = request.workspace, _touchpoints(request.workspace)
    form = FilterForm(request.GET or None, touchpoints=touchpoints)
    filters, status = service.Filters(), 200
    if form.is_bound and form.is_valid():
        filters = service.Filters(**{k: v or "" for k, v in form.cleaned_data.items()})
        filters.sort = filters.sort or "votes"
    elif form.is_bound:
        status = 400
    return {
        "form": form,
        "idea_form": idea_form or IdeaForm(touchpoints=touchpoints),
        "cards": service.board(ws, request.user, filters),
        "may_decide": request.membership.role in DECIDERS,
        "statuses": IdeaStatus.choices,
        "back": request.GET.urlencode(),
    }, status


@workspace_view()
def board(request) -> HttpResponse:
    """The ideas, filtered and sorted; a POST adds the member's own idea."""
    ws = request.workspace
    if request.method == "POST":
        form = IdeaForm(request.POST, touchpoints=_touchpoints(ws))
        if form.is_valid():
            data = form.cleaned_data
            step = Touchpoint.objects.of(ws).filter(code=data["touchpoint"]).first()
            try:
                service.submit(ws, request.membership, data["text"], step, data["flavour"],
                               data["signed"])  # fmt: skip
            except FieldError as error:
                show_error(form, error)
            else:
                signed = "with your name" if data["signed"] else "without your name"
                messages.success(request, f"Thank you: your idea is on the board, {signed}.")
                return redirect("idea_board", slug=ws.slug)
        context, _ = _board_context(request, idea_form=form)
        return render(request, "ideas/board.html", context, status=422)
    context, status = _board_context(request)
    return render(request, "ideas/board.html", context, status=status)


def _idea(request, idea_id: int) -> Feedback:
    return get_object_or_404(
        service.ideas(request.workspace).select_related("touchpoint__journey", "person"), pk=idea_id
    )


def _back(request) -> str:
    # Only a query string of the board travels back, never a whole address.
    query = request.POST.get("back", "")[:500].lstrip("?")
    url = reverse("idea_board", kwargs={"slug": request.workspace.slug})
    return f"{url}?{query}" if query else url


@workspace_view()
@require_POST
def vote(request, idea_id: int) -> HttpResponse:
    """Vote for an idea (``vote=on``) or take the vote back (``vote=off``): HTMX swaps the card,
    a plain form returns to the board."""
    idea = _idea(request, idea_id)
    wanted = request.POST.get("vote", "")
    if wanted not in ("on", "off"):
        return HttpResponse("vote: must be on or off.", status=400, content_type="text/plain")
    service.vote(request.workspace, idea, request.user, wanted == "on")
    if request.htmx:
        card = service.card(request.workspace, request.user, idea)
        context = {"c": card, "may_decide": request.membership.role in DECIDERS,
                   "statuses": IdeaStatus.choices, "back": request.POST.get("back", "")[:500]}  # fmt: skip
        return render(request, "ideas/_idea.html", context)
    return redirect(_back(request) + f"#idea-{idea.pk}")


@workspace_view(*DECIDERS)
@require_POST
def status(request, idea_id: int) -> HttpResponse:
    """Move an idea to new, planned or done; the audit log keeps who and when."""
    idea = _idea(request, idea_id)
    try:
        service.set_status(request.workspace, idea, request.POST.get("status", ""), request.user)
    except FieldError as error:
        messages.error(request, f"{error.field}: {error.message}.")
        context, _ = _board_context(request)
        return render(request, "ideas/board.html", context, status=422)
    messages.success(request, f"The idea is now {idea.get_idea_status_display().lower()}.")  # type: ignore[attr-defined]
    return redirect(_back(request) + f"#idea-{idea.pk}")


# --- brainstorm -------------------------------------------------------------------------------


@workspace_view()
def brainstorm_list(request) -> HttpResponse:
    """The brainstorms, live ones first; facilitators start one here."""
    ws, role = request.workspace, request.membership.role
    journeys = list(Journey.objects.of(ws).order_by("code"))
    form = BrainstormForm(request.POST or None, journeys=journeys)
    status_code = 200
    if request.method == "POST":
        if role not in FACILITATORS:
            raise Http404("not for this role")
        if form.is_valid():
            journey = next(j for j in journeys if j.code == form.cleaned_data["journey"])
            try:
                session = service.start(ws, journey, request.user)
            except FieldError as error:
                show_error(form, error)
            else:
                return redirect("brainstorm_room", slug=ws.slug, brainstorm_code=session.code)
        status_code = 422
    sessions = Brainstorm.objects.of(ws).select_related("journey", "facilitator")[:50]
    context = {"form": form, "sessions": sessions, "may_facilitate": role in FACILITATORS}
    return render(request, "ideas/brainstorm_list.html", context, status=status_code)


def _session(request, code: str) -> Brainstorm:
    return get_object_or_404(
        Brainstorm.objects.of(request.workspace).select_related("journey", "facilitator"),
        code=code.upper(),
    )


def _room(request, session: Brainstorm) -> dict:
    step = service.current(session)
    total = len(service.steps(session.journey))
    return {
        "session": session,
        "step": step,
        "total": total,
        "ideas": service.session_ideas(session, step),
        "facilitating": request.membership.role in FACILITATORS,
        "poll": POLL_S,
    }


def _link(request) -> str:
    """The short link everyone opens, whichever of the session's pages answers."""
    code = request.resolver_match.kwargs["brainstorm_code"].upper()
    path = reverse(
        "brainstorm_room", kwargs={"slug": request.workspace.slug, "brainstorm_code": code}
    )
    return request.build_absolute_uri(path)


@workspace_view()
def brainstorm_room(request, brainstorm_code: str) -> HttpResponse:
    """The session's screen: the step everyone looks at, its ideas coming in, a form to add one."""
    session = _session(request, brainstorm_code)
    context = _room(request, session)
    context["form"] = ContributionForm()
    context["link"] = _link(request)
    return render(request, "ideas/brainstorm.html", context)


@workspace_view()
def brainstorm_live(request, brainstorm_code: str) -> HttpResponse:
    """The part of the screen that follows the session, polled by every screen."""
    response = render(
        request, "ideas/_live.html", _room(request, _session(request, brainstorm_code))
    )
    response["Cache-Control"] = "no-store"
    return response


@workspace_view(*FACILITATORS)
@require_POST
def brainstorm_move(request, brainstorm_code: str) -> HttpResponse:
    session = _session(request, brainstorm_code)
    try:
        if request.POST.get("direction") == "end":
            service.end(session, request.user)
        else:
            service.move(session, request.POST.get("direction", ""))
    except FieldError as error:
        messages.error(request, f"{error.field or 'brainstorm'}: {error.message}.")
        context = _room(request, session) | {"form": ContributionForm(), "link": _link(request)}
        return render(request, "ideas/brainstorm.html", context, status=422)
    return redirect("brainstorm_room", slug=request.workspace.slug, brainstorm_code=session.code)


@workspace_view()
@require_POST
def brainstorm_idea(request, brainstorm_code: str) -> HttpResponse:
    """A participant's idea for the step shown now."""
    session = _session(request, brainstorm_code)
    form = ContributionForm(request.POST)
    if form.is_valid():
        try:
            service.contribute(session, request.membership, form.cleaned_data["text"],
                               form.cleaned_data["flavour"])  # fmt: skip
        except FieldError as error:
            show_error(form, error)
        else:
            messages.success(request, "Thank you: your idea is on everyone's screen.")
            return redirect("brainstorm_room", slug=request.workspace.slug,
                            brainstorm_code=session.code)  # fmt: skip
    context = _room(request, session) | {"form": form, "link": _link(request)}
    return render(request, "ideas/brainstorm.html", context, status=422)
