"""The goals part of ``/api/v1/`` (targets, deals, engine figures), the OpenAPI schema and its
browsable docs; each other app mounts its own part (``config.urls``)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import movement, target_quarters, views

router = SimpleRouter()
router.register("targets", views.TargetViewSet, basename="target")
router.register("target-overrides", views.TargetOverrideViewSet, basename="target-override")
router.register("metrics", views.MetricViewSet, basename="metric")
router.register("stage-weights", views.StageViewSet, basename="stage-weight")
router.register("opportunities", views.OpportunityViewSet, basename="opportunity")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("snapshots", views.SnapshotViewSet, basename="snapshot")

urlpatterns = [
    path("attainment/", views.AttainmentView.as_view(), name="api-attainment"),
    path("coaching/", views.CoachingView.as_view(), name="api-coaching"),
    path("movement/", movement.MovementView.as_view(), name="api-movement"),
    re_path(
        rf"^target-quarters/(?P<quarter>{target_quarters.QUARTER_REGEX})/$",
        target_quarters.TargetQuarterView.as_view(),
        name="api-target-quarter",
    ),
    re_path(
        rf"^target-quarters/(?P<quarter>{target_quarters.QUARTER_REGEX})/publish/$",
        target_quarters.TargetQuarterPublishView.as_view(),
        name="api-target-quarter-publish",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
