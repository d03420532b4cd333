"""The shell's own paths: the health check and the workspace's audit log."""

from django.urls import path

from servicegap.core import audit_views, views

urlpatterns = [path("healthz", views.healthz, name="healthz")]
workspace_urlpatterns = [path("audit/", audit_views.audit_log, name="audit_log")]
