"""The admins' pages for running the sales org (issue 18): targets, people and quotas."""

from django.urls import path

from . import target_views

urlpatterns = [
    path("targets/", target_views.target_grid, name="targets"),
]
