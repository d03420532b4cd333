"""People pages under /w/<slug>/people/ (owners only): find, export, erase; retention."""

from django.urls import include, path

from servicegap.people import views

patterns = [
    path("", views.person_list, name="person_list"),
    path("retention/", views.retention, name="person_retention"),
    path("<int:person_id>/", views.person_detail, name="person_detail"),
    path("<int:person_id>/export.json", views.person_export, name="person_export"),
    path("<int:person_id>/erase/", views.person_erase, name="person_erase"),
]

workspace_urlpatterns = [path("people/", include(patterns))]
