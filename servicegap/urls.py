"""The site's URL map, assembled from each capability's ``urls.py`` (servicegap/core/capabilities.py):
``urlpatterns`` anywhere, ``respondent_urlpatterns`` under /r/<slug>/ (public), and
``workspace_urlpatterns`` under /w/<slug>/ (each view wrapped by ``workspace_view``)."""

from django.contrib import admin
from django.urls import include, path

from servicegap.api.app import api
from servicegap.core.capabilities import url_patterns

urlpatterns = [
    path("api/v1/", api.urls),
    path("staff/admin/", admin.site.urls),
    path("r/<slug:slug>/", include(url_patterns("respondent_urlpatterns"))),
    path("w/<slug:slug>/", include(url_patterns("workspace_urlpatterns"))),
    *url_patterns("urlpatterns"),
]

handler404 = "servicegap.core.views.not_found"
handler500 = "servicegap.core.views.server_error"
handler403 = "servicegap.core.views.forbidden"
handler400 = "servicegap.core.views.bad_request"
