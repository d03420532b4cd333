"""The published promise and the workspace's brand: the public pages under /p/<slug>/ (see
core/public.py) and the owner's brand settings under /w/<slug>/settings/brand/."""

from django.urls import path

from servicegap.promise import settings_views, views

urlpatterns = [
    path("p/<slug:slug>/", views.promise_page, name="promise_page"),
    path("p/<slug:slug>/card.pdf", views.card_pdf, name="promise_card"),
    path("p/<slug:slug>/logo", views.logo, name="brand_logo"),
    path("p/<slug:slug>/brand.css", views.brand_css, name="brand_css"),
]

workspace_urlpatterns = [
    path("settings/brand/", settings_views.brand_settings, name="brand_settings"),
]
