"""The actions pages under /w/<slug>/actions/ (``views``) and the alerts to act on
(``alert_views``). ``new`` and ``alerts`` are not action codes (``service.RESERVED``)."""

from django.urls import include, path

from servicegap.actions import alert_views, views

patterns = [
    path("", views.action_list, name="action_list"),
    path("new/", views.action_new, name="action_new"),
    path("alerts/", alert_views.alert_list, name="alert_list"),
    path("alerts/act/", alert_views.alert_act, name="alert_act"),
    path("alerts/acknowledge/", alert_views.alert_acknowledge, name="alert_acknowledge"),
    path("alerts/assign/", alert_views.alert_assign, name="alert_assign"),
    path("<str:action_code>/", views.action_detail, name="action_detail"),
    path("<str:action_code>/edit/", views.action_edit, name="action_edit"),
    path("<str:action_code>/status/", views.action_status, name="action_status"),
    path("<str:action_code>/windows/", views.action_windows, name="action_windows"),
]

workspace_urlpatterns = [path("actions/", include(patterns))]
