"""The journeys page under /w/<slug>/journeys/."""

from django.urls import path

from servicegap.journeys import views

workspace_urlpatterns = [path("journeys/", views.journey_list, name="journey_list")]
