"""The standards pages under /w/<slug>/standards/ (``new`` is not a standard code:
``service.RESERVED``)."""

from django.urls import include, path

from servicegap.standards import views

patterns = [
    path("", views.standard_list, name="standard_list"),
    path("new/", views.standard_new, name="standard_new"),
    path("<str:standard_code>/edit/", views.standard_edit, name="standard_edit"),
    path("<str:standard_code>/retire/", views.standard_retire, name="standard_retire"),
    path(
        "<str:standard_code>/survey/", views.standard_add_to_survey, name="standard_add_to_survey"
    ),
]

workspace_urlpatterns = [path("standards/", include(patterns))]
