"""The runtime's one page: ``/readyz`` (listed in ``servicegap.core.public``)."""

from django.urls import path

from servicegap.runtime import views

urlpatterns = [path("readyz", views.readyz, name="readyz")]
