"""The pages of a workspace, all under /w/<slug>/; each view is wrapped by ``workspace_view``."""

from django.urls import include, path

from servicegap.accounts import views as accounts_views
from servicegap.channels import views as channels_views
from servicegap.core import audit_views
from servicegap.gaps import report_views, views
from servicegap.invitations import urls as invitation_urls
from servicegap.journeys import views as journeys_views
from servicegap.standards import views as standards_views
from servicegap.surveys import urls as survey_urls

workspace_patterns = [
    path("", views.home, name="workspace_home"),
    path("standards/", standards_views.standard_list, name="standard_list"),
    path("journeys/", journeys_views.journey_list, name="journey_list"),
    path("surveys/", include(survey_urls.builder_patterns)),
    path("users/", accounts_views.member_list, name="member_list"),
    path("users/<int:pk>/", accounts_views.member_edit, name="member_edit"),
    path("users/<int:pk>/remove/", accounts_views.member_remove, name="member_remove"),
    path("invitations/", include(invitation_urls.staff_patterns)),
    path("imports/", include("servicegap.imports.urls")),
    path("people/", include("servicegap.people.urls")),
    path("reports/", report_views.index, name="report_index"),
    path("reports/pdf/", report_views.pdf, name="report_pdf"),
    path("reports/<str:kind>/", report_views.report, name="report"),
    path("channels/", channels_views.channel_page, name="channel_page"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("channels/kiosks/<int:pk>/", channels_views.kiosk_action, name="kiosk_action"),
]

urlpatterns = [
    path("", views.root, name="home"),
    path("w/<slug:slug>/", include(workspace_patterns)),
]
