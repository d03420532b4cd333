"""Recognition's pages: My page and the managers' view under /w/<slug>/, and the units' walls
under /r/<slug>/wall/ (public through their secret link: docs/recognition.md)."""

from django.urls import path

from servicegap.recognition import views

workspace_urlpatterns = [
    path("me/", views.my_page, name="my_page"),
    path("recognition/", views.recognition_list, name="recognition_list"),
    path("recognition/reward/", views.reward, name="recognition_reward"),
    path("recognition/walls/", views.wall_link_action, name="recognition_walls"),
]

respondent_urlpatterns = [
    path("wall/<str:wall_token>/", views.wall, name="recognition_wall"),
]
