"""The ideas board under /w/<slug>/ideas/ and the brainstorm mode, whose short link
/w/<slug>/b/<code>/ members open on their phones (docs/ideas.md)."""

from django.urls import path

from servicegap.ideas import views

workspace_urlpatterns = [
    path("ideas/", views.board, name="idea_board"),
    path("ideas/<int:idea_id>/vote/", views.vote, name="idea_vote"),
    path("ideas/<int:idea_id>/status/", views.status, name="idea_status"),
    path("ideas/brainstorm/", views.brainstorm_list, name="brainstorm_list"),
    path("b/<str:brainstorm_code>/", views.brainstorm_room, name="brainstorm_room"),
    path("b/<str:brainstorm_code>/live/", views.brainstorm_live, name="brainstorm_live"),
    path("b/<str:brainstorm_code>/move/", views.brainstorm_move, name="brainstorm_move"),
    path("b/<str:brainstorm_code>/idea/", views.brainstorm_idea, name="brainstorm_idea"),
]
