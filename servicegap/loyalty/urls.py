"""The loyalty pages under /w/<slug>/loyalty/."""

from django.urls import include, path

from servicegap.loyalty import value_views, views

patterns = [
    path("", views.loyalty_page, name="loyalty_page"),
    path("lost/", views.lost_page, name="loyalty_lost"),
    path("customers/<int:person_id>/", views.customer_timeline, name="customer_timeline"),
    path("value/", value_views.value_page, name="loyalty_value"),
    path("value/runs/<int:run_id>/", value_views.value_status, name="loyalty_value_status"),
]

workspace_urlpatterns = [path("loyalty/", include(patterns))]
