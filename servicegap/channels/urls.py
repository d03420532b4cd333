"""The channels' pages: their settings under /w/<slug>/channels/, and the respondent pages under
/r/<slug>/ (public: see core/public.py)."""

from django.urls import path

from servicegap.channels import views

respondent_urlpatterns = [
    path("tell-us/", views.tell_us, name="tell_us"),
    path("tell-us/thanks/", views.tell_us_thanks, name="tell_us_thanks"),
    path("kiosk/<str:kiosk_token>/", views.kiosk_page, name="kiosk_page"),
]

workspace_urlpatterns = [
    path("channels/", views.channel_page, name="channel_page"),
    path("channels/kiosks/<int:pk>/", views.kiosk_action, name="kiosk_action"),
]
