"""Notification pages under /w/<slug>/: webhooks with their delivery log (owners), and each
leader's and owner's digest choice."""

from django.urls import include, path

from servicegap.notifications import views

patterns = [
    path("", views.webhook_list, name="webhook_list"),
    path("<int:webhook_id>/", views.webhook_detail, name="webhook_detail"),
    path("<int:webhook_id>/remove/", views.webhook_remove, name="webhook_remove"),
    path(
        "<int:webhook_id>/deliveries/<int:delivery_id>/resend/",
        views.delivery_resend,
        name="delivery_resend",
    ),
]

workspace_urlpatterns = [
    path("webhooks/", include(patterns)),
    path("digest/", views.digest_choice, name="digest_choice"),
]
