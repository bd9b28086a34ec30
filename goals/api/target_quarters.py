"""``/api/v1/target-quarters/FY24-Q4/``: the targets page's twin. Admins read the grid (RULES.md's
proposal where a cell has none), save it as a draft (PUT) and publish it (POST ``publish/``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from goals import targets
from people.models import Role, SdrSegment

from .admin_only import AdminOnly
from .fields import parse_quarter

QUARTER_REGEX = r"FY[0-9]{2}-Q[1-4]"


class CellSerializer(serializers.Serializer):
    metric = serializers.CharField(max_length=40)
    # Plain strings checked below: a second choice set named "role" would collide in the schema.
    role = serializers.CharField(help_text="ae or sdr")
    sdr_segment = serializers.CharField(
        allow_blank=True, help_text="an SDR's segment; blank for AEs"
    )
    value = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, allow_null=True)

    def validate(self, attrs):
        if attrs["role"] not in (Role.AE, Role.SDR):
            raise serializers.ValidationError({"role": ["A target's role is ae or sdr."]})
        segments = SdrSegment.values if attrs["role"] == Role.SDR else [""]
        if attrs["sdr_segment"] not in segments:
            message = f"For {attrs['role']}, the segment is one of {segments}."
            raise serializers.ValidationError({"sdr_segment": [message]})
        return attrs


class CellOutSerializer(CellSerializer):
    proposed = serializers.BooleanField()
    published_value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class PublicationSerializer(serializers.Serializer):
    published_at = serializers.DateTimeField()
    published_by = serializers.CharField(allow_null=True)
    effect = serializers.CharField()
    changes = serializers.ListField(child=serializers.DictField())
    flag_changes = serializers.ListField(child=serializers.DictField())


class TargetQuarterSerializer(serializers.Serializer):
    quarter = serializers.CharField()
    state = serializers.CharField(help_text="none, draft, changed or published")
    cells = CellOutSerializer(many=True)
    publications = PublicationSerializer(many=True)


class DraftSerializer(serializers.Serializer):
    cells = CellSerializer(many=True)


def _publication(publication) -> dict:
    user = publication.published_by
    return {
        "published_at": publication.published_at,
        "published_by": user.get_username() if user else None,
        "effect": publication.effect,
        "changes": publication.changes,
        "flag_changes": publication.flag_changes,
    }


def _body(page: targets.QuarterTargets) -> dict:
    cells = [
        {
            "metric": metric,
            "role": role,
            "sdr_segment": segment,
            "value": page.cells.get((metric, role, segment)),
            "proposed": (metric, role, segment) in page.proposed,
            "published_value": page.published.get((metric, role, segment)),
        }
        for metric, role, segment in page.keys
    ]
    return {
        "quarter": page.quarter.label,
        "state": page.state,
        "cells": cells,
        "publications": [_publication(p) for p in page.publications],
    }


def _quarter(label: str):
    try:
        return parse_quarter(label)
    except ValueError as error:
        raise ValidationError({"quarter": [str(error)]}) from error


class TargetQuarterView(APIView):
    """One quarter's role and segment targets (drafts included) for admins."""

    permission_classes = [AdminOnly]

    @extend_schema(responses=TargetQuarterSerializer)
    def get(self, request: Request, quarter: str) -> Response:
        page = targets.quarter_targets(_quarter(quarter))
        return Response(TargetQuarterSerializer(_body(page)).data)

    @extend_schema(request=DraftSerializer, responses=TargetQuarterSerializer)
    def put(self, request: Request, quarter: str) -> Response:
        """Save the cells given as the quarter's draft (a null value: no target)."""
        fiscal_quarter = _quarter(quarter)
        draft = DraftSerializer(data=request.data)
        draft.is_valid(raise_exception=True)
        cells = {
            (c["metric"], c["role"], c["sdr_segment"]): c["value"]
            for c in draft.validated_data["cells"]
        }
        try:
            targets.targets_save_draft(quarter=fiscal_quarter, cells=cells)
        except targets.TargetError as error:
            raise ValidationError({"cells": [str(error)]}) from error
        page = targets.quarter_targets(fiscal_quarter)
        return Response(TargetQuarterSerializer(_body(page)).data)


class TargetQuarterPublishView(APIView):
    """Publish the quarter's draft: its targets count from now on."""

    permission_classes = [AdminOnly]

    @extend_schema(request=None, responses={201: PublicationSerializer})
    def post(self, request: Request, quarter: str) -> Response:
        try:
            publication = targets.targets_publish(quarter=_quarter(quarter), user=request.user)
        except targets.TargetError as error:
            raise ValidationError({"quarter": [str(error)]}) from error
        return Response(PublicationSerializer(_publication(publication)).data, status=201)
