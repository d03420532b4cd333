"""The Indicators page under /w/<slug>/quality/indicators/ (docs/quality.md)."""

from django.urls import path

from servicegap.quality import indicator_views as views

patterns = [path("quality/indicators/", views.indicator_list, name="indicator_list")]
