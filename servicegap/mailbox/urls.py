"""The demo mailbox under /w/<slug>/mailbox/ (owners)."""

from django.urls import path

from servicegap.mailbox import views

workspace_urlpatterns = [
    path("mailbox/", views.mailbox_list, name="mailbox_list"),
    path("mailbox/<int:message_id>/", views.mailbox_message, name="mailbox_message"),
]
