"""The Imports pages: upload a file, map a Qualtrics export's columns, follow its job, download
its reject file."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from servicegap.core.web import workspace_view
from servicegap.imports.forms import ImportForm
from servicegap.imports.jobs import queue_job, start_job
from servicegap.imports.mapping import MappingForm, Step
from servicegap.imports.models import ImportJob
from servicegap.transfer.registry import TransferError

STAFF = ("owner", "leader")


@workspace_view(*STAFF)
def index(request) -> HttpResponse:
    ws = request.workspace
    form = ImportForm(ws, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_job(
            ws,
            request.user,
            form.cleaned_data["kind"],
            form.cleaned_data["file"],
            form.job_options(),
            queue=not form.needs_mapping,
        )
        to = "import_mapping" if form.needs_mapping else "import_job"
        return redirect(to, slug=ws.slug, job_id=job.pk)
    context = {
        "form": form,
        "jobs": ImportJob.objects.of(ws).select_related("created_by")[:50],
        "retention_days": settings.IMPORT_RETENTION_DAYS,
    }
    return render(request, "imports/index.html", context, status=400 if form.errors else 200)


def _job(request, job_id: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.of(request.workspace), pk=job_id)


@workspace_view(*STAFF)
def job_mapping(request, job_id: int) -> HttpResponse:
    """The column mapping of a Qualtrics export: the proposal to adjust, then the job."""
    ws = request.workspace
    job = _job(request, job_id)
    if job.state != ImportJob.State.MAPPING:  # queued already (e.g. submitted twice)
        return redirect("import_job", slug=ws.slug, job_id=job.pk)
    try:
        step = Step.load(ws, job)
    except TransferError as exc:  # the upload or the survey is gone: the job cannot go on
        job.state, job.errors, job.finished_at = ImportJob.State.FAILED, str(exc), timezone.now()
        job.save(update_fields=["state", "errors", "finished_at"])
        return redirect("import_job", slug=ws.slug, job_id=job.pk)
    form = MappingForm(step, request.POST or None)
    if request.method == "POST" and form.is_valid():
        queue_job(job, form.job_options())
        return redirect("import_job", slug=ws.slug, job_id=job.pk)
    context = {
        "job": job,
        "step": step,
        "form": form,
        "rows": form.rows(),
        "retention_days": settings.IMPORT_RETENTION_DAYS,
    }
    return render(request, "imports/mapping.html", context, status=400 if form.errors else 200)


@workspace_view(*STAFF)
def job_detail(request, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    if job.state == ImportJob.State.MAPPING:
        return redirect("import_mapping", slug=request.workspace.slug, job_id=job.pk)
    done, total, phase = job.live_progress()
    context = {"job": job, "done": done, "total": total, "phase": phase}
    if job.state == ImportJob.State.QUEUED:
        from servicegap.imports.tasks import run_import_job
        from servicegap.runtime.pushes import is_waiting

        context["queue_unreachable"] = is_waiting(run_import_job, job.pk)
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
