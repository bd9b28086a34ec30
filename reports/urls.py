from django.urls import path

from . import movement_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("people/<int:person_id>/quarter/", views.my_quarter, name="person_quarter"),
    path(
        "people/<int:person_id>/quarter/deals/<str:metric>/",
        views.person_deals,
        name="person_deals",
    ),
    path("people/<int:person_id>/quarter/rows.csv", views.person_rows_csv, name="person_rows_csv"),
    path(
        "people/<int:person_id>/movement/",
        movement_views.person_movement,
        name="person_movement",
    ),
    path(
        "people/<int:person_id>/movement/deals.csv",
        movement_views.person_movement_csv,
        name="person_movement_csv",
    ),
    path("deals/<str:external_id>/history/", movement_views.deal_timeline, name="deal_timeline"),
    path("team/", views.team, name="team_review"),
    path("team/export.csv", views.team_export, {"file_format": "csv"}, name="team_csv"),
    path("team/export.xlsx", views.team_export, {"file_format": "xlsx"}, name="team_xlsx"),
    path("sdrs/", views.sdrs, name="sdr_overview"),
    path("overview/", views.overview, name="admin_overview"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
]
