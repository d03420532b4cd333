"""Survey pages: the builder (under /w/<slug>/surveys/) and the respondent's (under /r/<slug>/s/)."""

from django.urls import include, path

from servicegap.surveys import browse, preview_views, respond_views, views

builder_patterns = [
    path("", views.survey_list, name="survey_list"),
    path("new/", views.survey_new, name="survey_new"),
    path("<str:survey>/", views.survey_detail, name="survey_detail"),
    path("<str:survey>/settings/", views.survey_settings, name="survey_settings"),
    path("<str:survey>/preview/", preview_views.survey_preview, name="survey_preview"),
    path("<str:survey>/qr.png", views.qr_png, name="survey_qr_png"),
    path("<str:survey>/qr.svg", views.qr_svg, name="survey_qr_svg"),
    path("<str:survey>/questions/new/", views.question_new, name="question_new"),
    path("<str:survey>/questions/<int:question>/", views.question_edit, name="question_edit"),
]
for _action in ("publish", "close", "reopen", "discard"):
    builder_patterns.append(
        path(
            f"<str:survey>/{_action}/",
            views.survey_status,
            {"action": _action},
            name=f"survey_{_action}",
        )
    )
for _action in ("up", "down", "remove"):
    builder_patterns.append(
        path(
            f"<str:survey>/questions/<int:question>/{_action}/",
            views.question_change,
            {"action": _action},
            name=f"question_{_action}",
        )
    )

respondent_patterns = [
    path("<str:survey>/", respond_views.survey_page, name="survey_respond"),
    path("<str:survey>/thanks/", respond_views.survey_thanks, name="survey_thanks"),
]

workspace_urlpatterns = [
    path("surveys/", include(builder_patterns)),
    path("responses/<int:response_id>/", browse.response_detail, name="response_detail"),
]
respondent_urlpatterns = [path("s/", include(respondent_patterns))]
