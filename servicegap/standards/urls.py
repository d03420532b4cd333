"""The standards page under /w/<slug>/standards/."""

from django.urls import path

from servicegap.standards import views

workspace_urlpatterns = [path("standards/", views.standard_list, name="standard_list")]
