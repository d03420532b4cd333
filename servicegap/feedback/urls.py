"""The feedback inbox under /w/<slug>/feedback/."""

from django.urls import path

from servicegap.feedback import views

workspace_urlpatterns = [path("feedback/", views.feedback_inbox, name="feedback_inbox")]
