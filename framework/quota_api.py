"""The API twins of the quota pages (issue 18), admins only: ``annual-quotas/`` (read, set one)
and ``quota-uploads/`` (a quota file previewed, or committed whole with ``commit``)."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from goals.api.admin_only import AdminOnly
from people.models import Person

from . import quotas
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
