"""The report pages under /w/<slug>/reports/: one per registered kind, the CSV, the PDF."""

from django.urls import path

from servicegap.reports import views

workspace_urlpatterns = [
    path("reports/", views.index, name="report_index"),
    path("reports/pdf/", views.pdf, name="report_pdf"),
    path("reports/<str:kind>/", views.report, name="report"),
]
