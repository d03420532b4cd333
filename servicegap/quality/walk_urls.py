"""Walk-through pages under /w/<slug>/quality/walks/ (docs/quality.md)."""

from django.urls import path

from servicegap.quality import walk_views as views

patterns = [
    path("quality/walks/", views.walk_index, name="walk_index"),
    path("quality/walks/new/<str:journey>/", views.walk_page, name="walk_page"),
    path("quality/walks/submit/", views.walk_submit, name="walk_submit"),
    path("quality/walks/<int:walk_id>/", views.walk_detail, name="walk_detail"),
    path(
        "quality/walks/<int:walk_id>/steps/<int:step_id>/photo/",
        views.step_photo,
        name="walk_photo",
    ),
    path("quality/rounds/", views.round_new, name="audit_round_new"),
    path("quality/conversations/", views.conversation_new, name="conversation_new"),
]
