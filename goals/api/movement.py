"""``/api/v1/movement/``: pipeline movement (RULES.md) for the caller's people."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from goals.movement_selectors import MovementError, pipeline_movement, rows
from people.models import Role

from .fields import QuarterField


class MovementQuerySerializer(serializers.Serializer):
    """``?quarter=FY24-Q3&from=2023-09-08&to=2023-09-15[&person=]``"""

    quarter = QuarterField()
    # "from" is a Python keyword: declared below under its query name.
    to = serializers.DateField(help_text="Day B.")
    person = serializers.CharField(
        required=False, max_length=254, help_text="A rep's or manager's id or e-mail."
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(help_text="Day A (before B).")
        return fields


class MovementRowSerializer(serializers.Serializer):
    """At each end (``at_from``, ``at_to``) the pipeline, and one row per category."""

    email = serializers.CharField()
    basis = serializers.CharField(help_text="pipeline or weighted")
    category = serializers.CharField()
    amount = serializers.CharField(help_text="A decimal string, exact.")
    deals = serializers.IntegerField()


class MovementSerializer(serializers.Serializer):
    quarter = QuarterField()
    to = serializers.DateField()
    results = MovementRowSerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        return fields


class MovementView(APIView):
    """Each in-scope rep's pipeline movement from the end of A to the end of B, plain and
    weighted; a manager named by ``person`` also gets their team's (the sum of its reps')."""

    @extend_schema(parameters=[MovementQuerySerializer], responses=MovementSerializer)
    def get(self, request: Request) -> Response:
        from .views import _people_in_scope

        query = MovementQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        person = data.get("person")
        people = _people_in_scope(request, person)
        if not person:
            people = [p for p in people if p.role == Role.AE]
        try:
            found = pipeline_movement(people, data["quarter"], data["from"], data["to"])
        except MovementError as error:
            raise ValidationError({"from": [str(error)]}) from error
        body = {"quarter": data["quarter"], "from": data["from"], "to": data["to"]}
        body["results"] = rows(found)
        return Response(MovementSerializer(body).data)
