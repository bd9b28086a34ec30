"""The quota upload's API twin (``/api/v1/quota-uploads/``, admins only). It lives with the
pages because the upload joins the import reader (``imports``) and the framework's quotas,
two apps that never import each other."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from goals.api.admin_only import AdminOnly

from . import quota_import


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
        responses={200: QuotaPlanSerializer, 422: QuotaPlanSerializer},
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
        return Response(QuotaPlanSerializer(body).data, status=422 if plan.errors else 200)
