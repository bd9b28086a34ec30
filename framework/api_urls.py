"""The framework's part of /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("ratings", api.RatingViewSet, basename="rating")
router.register("competency-assessments", api.CompetencyAssessmentViewSet, basename="assessment")
urlpatterns = router.urls
