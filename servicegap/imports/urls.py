"""Import pages under /w/<slug>/imports/ (owners and leaders)."""

from django.urls import include, path

from servicegap.imports import views

patterns = [
    path("", views.index, name="import_index"),
    path("<int:job_id>/", views.job_detail, name="import_job"),
    path("<int:job_id>/mapping/", views.job_mapping, name="import_mapping"),
    path("<int:job_id>/rejects.csv", views.job_rejects, name="import_rejects"),
]

workspace_urlpatterns = [path("imports/", include(patterns))]
