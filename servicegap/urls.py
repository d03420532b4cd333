from django.contrib import admin
from django.urls import include, path

from servicegap.api.app import api
from servicegap.core import views as core_views
from servicegap.invitations import urls as invitation_urls
from servicegap.surveys import urls as survey_urls

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("accounts/", include("servicegap.accounts.urls")),
    path("staff/admin/", admin.site.urls),
    path("r/<slug:slug>/", include(invitation_urls.respondent_patterns)),
    path("r/<slug:slug>/", include("servicegap.channels.urls")),
    path("r/<slug:slug>/s/", include(survey_urls.respondent_patterns)),
    path("", include("servicegap.gaps.urls")),
]

handler404 = "servicegap.core.views.not_found"
handler500 = "servicegap.core.views.server_error"
handler403 = "servicegap.core.views.forbidden"
handler400 = "servicegap.core.views.bad_request"
