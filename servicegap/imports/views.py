"""The Imports pages: upload a file, follow its job, download its reject file."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from servicegap.core.web import workspace_view
from servicegap.imports.forms import WEB_ONLY_NOT, ImportForm
from servicegap.imports.jobs import start_job
from servicegap.imports.models import ImportJob

STAFF = ("owner", "leader")


@workspace_view(*STAFF)
def index(request) -> HttpResponse:
    ws = request.workspace
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_job(
            ws,
            request.user,
            form.cleaned_data["kind"],
            form.cleaned_data["file"],
            form.job_options(),
        )
        return redirect("import_job", slug=ws.slug, job_id=job.pk)
    context = {
        "form": form,
        "jobs": ImportJob.objects.of(ws).select_related("created_by")[:50],
        "cli_only": WEB_ONLY_NOT,
        "retention_days": settings.IMPORT_RETENTION_DAYS,
    }
    return render(request, "imports/index.html", context, status=400 if form.errors else 200)


def _job(request, job_id: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.of(request.workspace), pk=job_id)


@workspace_view(*STAFF)
def job_detail(request, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    done, total, phase = job.live_progress()
    context = {"job": job, "done": done, "total": total, "phase": phase}
    template = "imports/_job_status.html" if request.htmx else "imports/job.html"
    return render(request, template, context)


@workspace_view(*STAFF)
def job_rejects(request, job_id: int) -> HttpResponseBase:
    """The reject file; a job without one sends the user back to its page."""
    job = _job(request, job_id)
    if not job.has_rejects:
        return redirect("import_job", slug=request.workspace.slug, job_id=job.pk)
    name = f"{job.filename}.rejects.csv"
    return FileResponse(
        job.rejects_path.open("rb"), as_attachment=True, filename=name, content_type="text/csv"
    )
