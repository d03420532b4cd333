"""The chain's pages under /w/<slug>/chain/."""

from django.urls import include, path

from servicegap.chain import views

patterns = [
    path("", views.chain_page, name="chain_page"),
    path("links/", views.link_list, name="chain_links"),
    path("links/<int:link_id>/remove/", views.link_remove, name="chain_link_remove"),
    path("round/", views.round_new, name="chain_round"),
]

workspace_urlpatterns = [path("chain/", include(patterns))]
