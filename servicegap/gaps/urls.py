from django.urls import path

from servicegap.gaps import views

urlpatterns = [
    path("", views.root, name="root"),
]
