"""The gap's pages: the site's front door, a workspace's home page and its report pages."""

from django.urls import path

from servicegap.gaps import report_views, views

urlpatterns = [path("", views.root, name="home")]

workspace_urlpatterns = [
    path("", views.home, name="workspace_home"),
    path("reports/", report_views.index, name="report_index"),
    path("reports/pdf/", report_views.pdf, name="report_pdf"),
    path("reports/<str:kind>/", report_views.report, name="report"),
]
