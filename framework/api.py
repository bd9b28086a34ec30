"""Ratings and competency assessments under /api/v1/, read-only, with the pages' visibility:
a manager reads the AEs they rate, leadership every AE, a rep only their own published ones.
Anything else answers 404."""

from __future__ import annotations

from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from goals.api.views import ID_PATTERN

from . import selectors
from .models import CompetencyAssessment, CompetencyRating, Rating


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = [
            "id", "person", "fiscal_year", "state", "role_scope", "role_scope_examples",
            "team_impact", "team_impact_examples", "final_score", "rationale", "rated_by",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class CompetencyScoreSerializer(serializers.ModelSerializer):
    competency_name = serializers.CharField(source="competency.name", read_only=True)

    class Meta:
        model = CompetencyRating
        fields = ["competency", "competency_name", "score", "comment"]
        read_only_fields = fields


class CompetencyAssessmentSerializer(serializers.ModelSerializer):
    quarter = serializers.SerializerMethodField()
    scores = CompetencyScoreSerializer(source="ratings", many=True, read_only=True)

    class Meta:
        model = CompetencyAssessment
        fields = ["id", "person", "quarter", "state", "assessed_by", "scores", "updated_at"]
        read_only_fields = fields

    def get_quarter(self, assessment: CompetencyAssessment) -> str:
        return f"FY{assessment.fiscal_year % 100:02d}-Q{assessment.quarter}"


class RatingViewSet(viewsets.ReadOnlyModelViewSet):
    """Career framework ratings (seed 001) the caller may read."""

    serializer_class = RatingSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = ID_PATTERN
    filterset_fields = ["person", "fiscal_year", "state"]

    def get_queryset(self):
        return selectors.visible_ratings(self.request.user).order_by("fiscal_year", "id")


class CompetencyAssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Competency assessments (seed 004) the caller may read, with every competency's score."""

    serializer_class = CompetencyAssessmentSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = ID_PATTERN
    filterset_fields = ["person", "fiscal_year", "quarter", "state"]

    def get_queryset(self):
        return selectors.visible_assessments(self.request.user).order_by("fiscal_year", "id")
