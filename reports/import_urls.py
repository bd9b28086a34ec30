"""The upload pages, mounted at imports/."""

from django.urls import path

from . import import_setup_views, import_views, salesforce_user_views

urlpatterns = [
    path("", import_views.imports, name="imports"),
    path("<int:run_id>/", import_views.import_detail, name="import_detail"),
    path("<int:run_id>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("<int:run_id>/columns/", import_views.import_remap, name="import_remap"),
    path("salesforce-users/", salesforce_user_views.salesforce_users, name="salesforce_users"),
    path("setup/", import_setup_views.import_mappings, name="import_mappings"),
    path("roster-template.csv", import_setup_views.roster_template, name="roster_template"),
    path("settings.json", import_setup_views.import_settings_download, name="import_settings"),
    path("<int:run_id>/setup/", import_setup_views.import_setup, name="import_setup"),
    path("<int:run_id>/people/", import_setup_views.import_export_people, name="import_people"),
    path("<int:run_id>/dates/", import_views.import_redate, name="import_redate"),
    path("<int:run_id>/status.json", import_views.import_status, name="import_status"),
    path("<int:run_id>/errors.csv", import_views.import_errors_csv, name="import_errors_csv"),
]
