"""``/api/v1/``: resources, engine figures, the OpenAPI schema and its browsable docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import okrs, target_quarters, views

router = SimpleRouter()
router.register("people", views.PersonViewSet, basename="person")
router.register("targets", views.TargetViewSet, basename="target")
router.register("target-overrides", views.TargetOverrideViewSet, basename="target-override")
router.register("metrics", views.MetricViewSet, basename="metric")
router.register("stage-weights", views.StageViewSet, basename="stage-weight")
router.register("opportunities", views.OpportunityViewSet, basename="opportunity")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("snapshots", views.SnapshotViewSet, basename="snapshot")
router.register("imports", views.ImportRunViewSet, basename="import-run")

urlpatterns = [
    path("attainment/", views.AttainmentView.as_view(), name="api-attainment"),
    path("coaching/", views.CoachingView.as_view(), name="api-coaching"),
    path("okrs/", okrs.OkrQuarterView.as_view(), name="api-okrs"),
    re_path(
        rf"^okrs/key-results/(?P<key_result_id>{views.ID_PATTERN})/check-ins/$",
        okrs.CheckInView.as_view(),
        name="api-okr-check-in",
    ),
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
