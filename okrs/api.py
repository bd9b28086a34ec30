"""Company OKRs under ``/api/v1/okrs/``: a quarter's departments, objectives, key results
with progress, and check-ins (everyone reads them, as on the page); a check-in is recorded by
those the page lets check in (``okrs.okrs``: admins, managers, the key result's owner)."""

from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import path, re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from goals.api.fields import QuarterField, RoundedFigureField
from goals.calendar import today
from people.api import ID_PATTERN

from . import okrs
from .models import CheckIn, KeyResult, KeyResultKind, KeyResultLink

# --- serializers ----------------------------------------------------------------------------


class KeyResultSerializer(serializers.Serializer):
    """A key result under one objective: its figures as of D (rounded like the page), its
    latest check-in, and whether the caller may check in on it now. Serializes a
    (wording, ``okrs.KeyResultStatus``) pair."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    wording = serializers.CharField(help_text="This department's wording of the key result.")
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=KeyResultKind.choices)
    link = serializers.ChoiceField(
        choices=KeyResultLink.choices,
        allow_blank=True,
        help_text="Set when Pacer computes the value from the sales data (never checked in).",
    )
    owner = serializers.IntegerField(source="owner_id", allow_null=True)
    owner_name = serializers.CharField(source="owner", allow_blank=True)
    start = RoundedFigureField()
    target = RoundedFigureField(help_text="Null until an admin sets it (see target_placeholder).")
    stretch = RoundedFigureField()
    scale_max = RoundedFigureField(help_text="The top of a score's scale (100 for a percentage).")
    target_placeholder = serializers.CharField(allow_blank=True, help_text="Seed 002's N0…N14.")
    stretch_placeholder = serializers.CharField(allow_blank=True)
    target_set = serializers.BooleanField()
    current = RoundedFigureField(help_text="The value now: computed, or the latest check-in's.")
    done = serializers.BooleanField(allow_null=True, help_text="A milestone's latest check-in.")
    progress = RoundedFigureField(help_text="In %, never below 0, may pass 100; null if unknown.")
    stretch_progress = RoundedFigureField()
    confidence = serializers.IntegerField(allow_null=True, help_text="The latest, 0 to 10.")
    checked_in = serializers.DateField(allow_null=True, help_text="The latest check-in's day.")
    checked_in_by = serializers.CharField(allow_blank=True)
    comment = serializers.CharField(allow_blank=True, help_text="The latest check-in's comment.")
    week_ago = RoundedFigureField(help_text="A linked key result's value a week before D.")
    moved = RoundedFigureField(help_text="A linked key result's change since last week.")
    can_check_in = serializers.BooleanField(help_text="The caller may check in on it now.")

    def to_representation(self, placed):
        wording, status = placed
        record = asdict(status) | {
            "wording": wording,
            "target_set": status.target_set,
            "can_check_in": status.id in self.context["can_check_in"],
        }
        return super().to_representation(record)


class ObjectiveSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    why = serializers.CharField(allow_blank=True)
    key_results = KeyResultSerializer(many=True)


class ConfidencePointSerializer(serializers.Serializer):
    """The mean of each key result's latest confidence on a day (key results never checked in
    are left out; null when none has been)."""

    date = serializers.DateField()
    confidence = RoundedFigureField()

    def to_representation(self, point):
        day, mean = point
        return super().to_representation({"date": day, "confidence": mean})


class DepartmentSerializer(serializers.Serializer):
    name = serializers.CharField()
    why = serializers.CharField(allow_blank=True)
    confidence_trend = ConfidencePointSerializer(many=True)
    objectives = ObjectiveSerializer(many=True)


class CheckInSerializer(serializers.ModelSerializer):
    """A check-in as recorded (exact values)."""

    author = serializers.CharField(
        source="author.get_username", default="", read_only=True, allow_blank=True
    )

    class Meta:
        model = CheckIn
        fields = [
            "id", "key_result", "date", "value", "done", "confidence", "comment", "author",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class OkrQuarterSerializer(serializers.Serializer):
    quarter = QuarterField()
    as_of = serializers.DateField(allow_null=True, help_text="Null for a future quarter.")
    quarters = serializers.ListField(
        child=QuarterField(), help_text="Every quarter that has OKRs, oldest first."
    )
    confidence_trend = ConfidencePointSerializer(
        many=True, help_text="Each week of the quarter up to D, over all key results."
    )
    departments = DepartmentSerializer(many=True)
    check_ins = CheckInSerializer(many=True, help_text="Every check-in up to D, oldest first.")


class OkrQuerySerializer(serializers.Serializer):
    quarter = QuarterField()


class CheckInInputSerializer(serializers.Serializer):
    """A check-in for today. A linked key result keeps only confidence and comment; a
    milestone records ``done``; any other key result its ``value``."""

    value = serializers.DecimalField(
        max_digits=16, decimal_places=4, required=False, allow_null=True, default=None
    )
    done = serializers.BooleanField(required=False, default=False)
    confidence = serializers.IntegerField(min_value=0, max_value=10)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


# --- views ----------------------------------------------------------------------------------


class OkrQuarterView(APIView):
    """A quarter's company OKRs (issue 10), the same as ``/okrs/<quarter>/``: each department
    with its objectives and their key results (value now, target, progress, confidence, the
    latest check-in), the confidence trend, and every check-in up to D. Company-wide: everyone
    signed in reads every department."""

    @extend_schema(parameters=[OkrQuerySerializer], responses=OkrQuarterSerializer)
    def get(self, request: Request) -> Response:
        query = OkrQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = okrs.viewer_okrs(request.user, query.validated_data["quarter"])
        result = found.okrs
        trends = dict(result.department_confidence)  # department names are unique
        body = {
            "quarter": result.quarter,
            "as_of": result.as_of,
            "quarters": found.quarters,
            "confidence_trend": result.confidence_trend,
            "departments": [
                {
                    "name": department.name,
                    "why": department.why,
                    "confidence_trend": trends.get(department.name, ()),
                    "objectives": department.objectives,
                }
                for department in result.departments
            ],
            "check_ins": found.check_ins,
        }
        context = {"can_check_in": found.can_check_in}
        return Response(OkrQuarterSerializer(body, context=context).data)


class CheckInView(APIView):
    """Record a check-in on a key result for today, as the OKR page's form does: admins,
    managers and the key result's owner may (others: 403), only during the key result's
    quarter (otherwise 400)."""

    @extend_schema(
        parameters=[OpenApiParameter("key_result_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=CheckInInputSerializer,
        responses={201: CheckInSerializer},
    )
    def post(self, request: Request, key_result_id: str) -> Response:
        key_result = get_object_or_404(KeyResult, id=int(key_result_id))
        if not okrs.can_check_in(request.user, key_result):
            raise PermissionDenied("Only admins, managers and the key result's owner check in.")
        data = CheckInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            check_in = okrs.record_check_in(
                key_result=key_result, author=request.user, day=today(), **data.validated_data
            )
        except DjangoValidationError as error:
            raise ValidationError({"non_field_errors": error.messages}) from error
        return Response(CheckInSerializer(check_in).data, status=201)


urlpatterns = [
    path("okrs/", OkrQuarterView.as_view(), name="api-okrs"),
    re_path(
        rf"^okrs/key-results/(?P<key_result_id>{ID_PATTERN})/check-ins/$",
        CheckInView.as_view(),
        name="api-okr-check-in",
    ),
]
