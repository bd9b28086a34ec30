"""The framework's part of /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, quota_api

router = SimpleRouter()
router.register("ratings", api.RatingViewSet, basename="rating")
router.register("competency-assessments", api.CompetencyAssessmentViewSet, basename="assessment")
urlpatterns = router.urls + [
    path("annual-quotas/", quota_api.AnnualQuotaView.as_view(), name="api-annual-quotas"),
]
