from django.contrib import admin
from django.urls import include, path

from servicegap.api.app import api
from servicegap.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("accounts/", include("servicegap.accounts.urls")),
    path("staff/admin/", admin.site.urls),
    path("", include("servicegap.gaps.urls")),
]

handler404 = "servicegap.core.views.not_found"
handler500 = "servicegap.core.views.server_error"
handler403 = "servicegap.core.views.forbidden"
handler400 = "servicegap.core.views.bad_request"
