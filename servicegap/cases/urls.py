"""The case pages under /w/<slug>/cases/: the list, the settings, one case and its actions."""

from django.urls import include, path

from servicegap.cases import goodwill_views, public_views, reply_views, views

case_patterns = [
    path("", views.case_detail, name="case_detail"),
    path("status/", views.case_status, name="case_status"),
    path("assign/", views.case_assign, name="case_assign"),
    path("move/", views.case_move, name="case_move"),
    path("severity/", views.case_severity, name="case_severity"),
    path("note/", views.case_note, name="case_note"),
    path("reply/", reply_views.case_reply, name="case_reply"),
    path("goodwill/", goodwill_views.case_goodwill, name="case_goodwill"),
    path(
        "goodwill/<int:pk>/decide/",
        goodwill_views.case_goodwill_decide,
        name="case_goodwill_decide",
    ),
]

# The customer's single-use links (public, under /r/<slug>/): answer back, the recovery survey.
respondent_urlpatterns = [
    path("case/<str:reply_token>/", public_views.customer_reply, name="case_customer_reply"),
    path("recovery/<str:recovery_token>/", public_views.recovery_survey, name="case_recovery"),
]

workspace_urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/settings/", views.case_settings, name="case_settings"),
    path("cases/<int:number>/", include(case_patterns)),
]
