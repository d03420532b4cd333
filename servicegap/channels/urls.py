"""Respondent pages of the channels, mounted under /r/<slug>/ (public: see core/public.py)."""

from django.urls import path

from servicegap.channels import views

urlpatterns = [
    path("tell-us/", views.tell_us, name="tell_us"),
    path("tell-us/thanks/", views.tell_us_thanks, name="tell_us_thanks"),
    path("kiosk/<str:kiosk_token>/", views.kiosk_page, name="kiosk_page"),
]
