"""The admins' pages for running the sales org (issue 18): targets, people and quotas, the
Salesforce connection (issue 16)."""

from django.urls import path

from . import (
    column_mapping_views,
    people_views,
    salesforce_views,
    stage_weight_views,
    target_views,
)

urlpatterns = [
    path("targets/", target_views.target_grid, name="targets"),
    path("stage-weights/", stage_weight_views.stage_weights, name="stage_weights"),
    path("people/", people_views.roster, name="roster"),
    path("people/new/", people_views.person_new, name="roster_new"),
    path("people/<int:person_id>/edit/", people_views.person_edit, name="roster_person"),
    path("people/quotas/upload/", people_views.quota_upload, name="quota_upload"),
    path("salesforce/", salesforce_views.salesforce_page, name="salesforce"),
    path("column-mappings/", column_mapping_views.column_mappings_page, name="column_mappings"),
]
