from django.urls import path

from . import views

app_name = "framework"

urlpatterns = [
    path("", views.index, name="index"),
    path("ratings/<int:fiscal_year>/<int:person_id>/", views.rating, name="rating"),
    path("calibration/<int:fiscal_year>/", views.calibration, name="calibration"),
    path("competencies/<str:period>/team/", views.team_competencies, name="team_competencies"),
    path("competencies/<str:period>/<int:person_id>/", views.competencies, name="competencies"),
]
