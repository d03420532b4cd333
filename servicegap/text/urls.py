"""The text pages under /w/<slug>/text/ (docs/text.md)."""

from django.urls import path

from servicegap.text import views

workspace_urlpatterns = [
    path("text/", views.model_page, name="text_model"),
    path("text/labels/<int:pk>/", views.correct, name="text_correct"),
]
