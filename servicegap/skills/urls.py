from django.urls import path

from servicegap.skills import views

workspace_urlpatterns = [path("training/", views.training, name="training")]
