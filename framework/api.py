"""Ratings and competency assessments under /api/v1/, read-only, with the pages' visibility:
a manager reads the AEs they rate, leadership every AE, a rep only their own published ones.
Anything else answers 404."""

from __future__ import annotations

from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from goals.api.fields import RoundedFigureField
from people.api import ID_PATTERN

from . import selectors
from .models import Assessment, CompetencyAssessment, CompetencyRating, State

ASSESSMENTS = [("", "Not assessed yet"), *Assessment.choices]


class RatingSerializer(serializers.Serializer):
    """A career framework rating (seed 001): the manager's assessment of both dimensions and
    leadership's final score and rationale, beside the figures ``framework.rules`` computes for
    it (quota attainment, quota band, eligible score: never typed). Serializes a
    ``selectors.RatedPerson``."""

    id = serializers.IntegerField(source="rating.id")
    person = serializers.IntegerField(source="rating.person_id")
    fiscal_year = serializers.IntegerField(source="rating.fiscal_year")
    state = serializers.ChoiceField(source="rating.state", choices=State.choices)
    role_scope = serializers.ChoiceField(source="rating.role_scope", choices=ASSESSMENTS)
    role_scope_examples = serializers.CharField(source="rating.role_scope_examples")
    team_impact = serializers.ChoiceField(source="rating.team_impact", choices=ASSESSMENTS)
    team_impact_examples = serializers.CharField(source="rating.team_impact_examples")
    closed_won_acv = RoundedFigureField(
        source="figures.closed_won_acv",
        help_text="closed_won_acv at the fiscal year's end, or today within it (RULES.md).",
    )
    annual_quota = RoundedFigureField(
        source="figures.annual_quota", help_text="Null when none is set."
    )
    quota_attainment = RoundedFigureField(
        source="figures.quota_attainment",
        help_text="closed_won_acv ÷ annual quota × 100; null without a quota.",
    )
    ramp_year = serializers.BooleanField(
        source="figures.ramp_year", help_text="A ramp year has no quota band."
    )
    quota_band = serializers.IntegerField(
        source="figures.quota_band",
        allow_null=True,
        help_text="≥ 130 → 1 · > 110 → 2 · ≥ 80 → 3 · ≥ 40 → 4 · < 40 → 5; null in a ramp year "
        "or without a quota.",
    )
    eligible_score = serializers.IntegerField(
        source="figures.eligible_score",
        allow_null=True,
        help_text="The quota band, except that 1 needs Exceeding on both dimensions (else 2).",
    )
    final_score = serializers.IntegerField(source="rating.final_score", allow_null=True)
    is_override = serializers.BooleanField(
        help_text="Leadership's final score differs from the eligible score."
    )
    rationale = serializers.CharField(source="rating.rationale")
    rated_by = serializers.IntegerField(source="rating.rated_by_id", allow_null=True)
    updated_at = serializers.DateTimeField(source="rating.updated_at")


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
    """Career framework ratings (seed 001) the caller may read, each with its quota
    attainment, quota band and eligible score."""

    serializer_class = RatingSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = ID_PATTERN
    filterset_fields = ["person", "fiscal_year", "state"]

    def get_queryset(self):
        return selectors.visible_ratings(self.request.user).order_by("fiscal_year", "id")

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = selectors.rated_ratings(page)
        return self.get_paginated_response(RatingSerializer(rows, many=True).data)

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        (row,) = selectors.rated_ratings([self.get_object()])
        return Response(RatingSerializer(row).data)


class CompetencyAssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Competency assessments (seed 004) the caller may read, with every competency's score."""

    serializer_class = CompetencyAssessmentSerializer
    permission_classes = [IsAuthenticated]
    lookup_value_regex = ID_PATTERN
    filterset_fields = ["person", "fiscal_year", "quarter", "state"]

    def get_queryset(self):
        return selectors.visible_assessments(self.request.user).order_by("fiscal_year", "id")
