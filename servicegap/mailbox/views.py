"""The demo mailbox pages (owners): the kept mail, newest first, and one message. Thin: the
body's lines and links come from ``text`` (pure)."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from servicegap.core.web import OWNER_ONLY, workspace_view
from servicegap.mailbox import text
from servicegap.mailbox.models import Message

PAGE_SIZE = 50


@workspace_view(*OWNER_ONLY)
def mailbox_list(request) -> HttpResponse:
    rows = Message.objects.of(request.workspace)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "on": settings.DEMO_MAILBOX}
    return render(request, "mailbox/list.html", context)


@workspace_view(*OWNER_ONLY)
def mailbox_message(request, message_id: int) -> HttpResponse:
    message = get_object_or_404(Message.objects.of(request.workspace), pk=message_id)
    context = {"message": message, "lines": text.lines(message.body)}
    return render(request, "mailbox/message.html", context)
