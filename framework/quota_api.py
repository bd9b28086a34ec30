"""The API twins of the quota pages (issue 18), admins only: ``annual-quotas/`` (read, set one)
and ``quota-uploads/`` (a quota file previewed, or committed whole with ``commit``)."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from goals.api.admin_only import AdminOnly
from goals.models import Person

from . import quota_import, quotas
from .models import AnnualQuota


class AnnualQuotaSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    fiscal_year = serializers.IntegerField(min_value=2000, max_value=2999, help_text="2024: FY24")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))


class AnnualQuotaView(APIView):
    """Every annual quota (filter ``fiscal_year``); POST sets one person's quota for a year."""

    permission_classes = [AdminOnly]

    @extend_schema(responses=AnnualQuotaSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = AnnualQuota.objects.select_related("person").order_by("fiscal_year", "person_id")
        year = request.query_params.get("fiscal_year", "")
        if year.isdigit() and len(year) == 4:
            rows = rows.filter(fiscal_year=int(year))
        data = [
            {"person": q.person, "fiscal_year": q.fiscal_year, "amount": q.amount} for q in rows
        ]
        return Response(AnnualQuotaSerializer(data, many=True).data)

    @extend_schema(request=AnnualQuotaSerializer, responses={201: AnnualQuotaSerializer})
    def post(self, request: Request) -> Response:
        given = AnnualQuotaSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        quota = quotas.quota_set(**given.validated_data)
        body = {"person": quota.person, "fiscal_year": quota.fiscal_year, "amount": quota.amount}
        return Response(AnnualQuotaSerializer(body).data, status=201)


class QuotaUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV or .xlsx: Person, Period, Metric, Amount[, Reason]")
    commit = serializers.BooleanField(default=False, help_text="False: a preview only.")


class QuotaRowSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    person = serializers.IntegerField(source="person.id")
    period = serializers.CharField()
    metric = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    current = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    reason = serializers.CharField()


class QuotaErrorSerializer(serializers.Serializer):
    file = serializers.CharField()
    line = serializers.CharField()
    column = serializers.CharField()
    value = serializers.CharField()
    reason = serializers.CharField()


class QuotaPlanSerializer(serializers.Serializer):
    file = serializers.CharField()
    committed = serializers.BooleanField()
    rows = QuotaRowSerializer(many=True)
    errors = QuotaErrorSerializer(many=True)


class QuotaUploadView(APIView):
    """A quota file: every change it would make, or every error by file, line and column (then
    nothing changes); with ``commit`` true and no error, every change is written."""

    permission_classes = [AdminOnly]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request=QuotaUploadSerializer,
        responses={200: QuotaPlanSerializer, 400: QuotaPlanSerializer},
    )
    def post(self, request: Request) -> Response:
        given = QuotaUploadSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        upload = given.validated_data["file"]
        plan = quota_import.read_quotas(upload.read(), upload.name)
        committed = False
        if given.validated_data["commit"] and not plan.errors:
            quota_import.quotas_commit(plan, user=request.user)
            committed = True
        body = {
            "file": plan.file,
            "committed": committed,
            "rows": plan.rows,
            "errors": [error.as_dict() for error in plan.errors],
        }
        return Response(QuotaPlanSerializer(body).data, status=400 if plan.errors else 200)
