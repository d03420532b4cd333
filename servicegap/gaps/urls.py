"""The gap's pages: the site's front door and a workspace's home page (the headline gap)."""

from django.urls import path

from servicegap.gaps import views

urlpatterns = [path("", views.root, name="home")]
workspace_urlpatterns = [path("", views.home, name="workspace_home")]
