"""Invitation pages: staff pages under /w/<slug>/invitations/, respondent pages under /r/<slug>/."""

from django.urls import include, path

from servicegap.invitations import respond_views, views

staff_patterns = [
    path("", views.index, name="invitation_index"),
    path("new/", views.new_send, name="invitation_new_send"),
    path("rules/", views.rules, name="invitation_rules"),
    path("sends/<int:send_id>/", views.send_detail, name="invitation_send"),
    path("schedules/new/", views.new_schedule, name="invitation_new_schedule"),
    path(
        "schedules/<int:schedule_id>/toggle/",
        views.toggle_schedule,
        name="invitation_toggle_schedule",
    ),
]

respondent_urlpatterns = [
    path("i/<str:token>/", respond_views.answer, name="invitation_answer"),
    path("u/<str:token>/", respond_views.unsubscribe, name="invitation_unsubscribe"),
]

workspace_urlpatterns = [path("invitations/", include(staff_patterns))]
