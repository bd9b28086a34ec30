from django.urls import path

from . import okr_views

urlpatterns = [
    path("", okr_views.okr_quarter, name="okrs"),
    path("target-accounts/", okr_views.target_accounts, name="okr_target_accounts"),
    path("key-results/<int:key_result_id>/check-ins/", okr_views.check_in, name="okr_check_in"),
    path("<str:quarter>/", okr_views.okr_quarter, name="okr_quarter"),
]
