"""The pages of a workspace, all under /w/<slug>/; each view is wrapped by ``workspace_view``."""

from django.urls import include, path

from servicegap.accounts import views as accounts_views
from servicegap.gaps import views
from servicegap.journeys import views as journeys_views
from servicegap.standards import views as standards_views

workspace_patterns = [
    path("", views.home, name="workspace_home"),
    path("standards/", standards_views.standard_list, name="standard_list"),
    path("journeys/", journeys_views.journey_list, name="journey_list"),
    path("users/", accounts_views.member_list, name="member_list"),
    path("users/<int:pk>/", accounts_views.member_edit, name="member_edit"),
    path("users/<int:pk>/remove/", accounts_views.member_remove, name="member_remove"),
]

urlpatterns = [
    path("", views.root, name="home"),
    path("w/<slug:slug>/", include(workspace_patterns)),
]
