"""API twins of the admin overview and the set-up it links to (issue 18), admins only: anyone
else reading gets 404 and writing 403 (``AdminOnly``).

- ``/api/v1/overview/?quarter=``: last night's run, the week's imports, the data problems and
  the company's quarter, the same data as the page;
- ``/api/v1/column-mappings/``, ``/api/v1/stage-aliases/``, ``/api/v1/currency-rates/``: read
  and change what the column mappings page and the imports set-up page change, through the
  same services (audited by django-auditlog).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from goals.api.admin_only import AdminOnly
from goals.models import StageAlias
from imports import parsers, setup
from imports.column_mappings import column_mappings, column_mappings_save
from imports.models import CurrencyRate, ImportKind

from .nightly import nightly_run
from .overview_data import admin_overview
from .quarters import quarter_or_404


class NightlySerializer(serializers.Serializer):
    status = serializers.CharField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    duration_seconds = serializers.FloatField(allow_null=True)
    people = serializers.IntegerField(allow_null=True)
    rows = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(allow_blank=True, allow_null=True)
    next_start = serializers.DateTimeField()


class ImportLineSerializer(serializers.Serializer):
    what = serializers.CharField()
    file_name = serializers.CharField()
    status = serializers.CharField()
    failed = serializers.BooleanField()
    rows_in_file = serializers.IntegerField()
    rows_written = serializers.IntegerField()
    who = serializers.CharField()
    when = serializers.DateTimeField()
    url = serializers.CharField(allow_null=True)


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    count = serializers.IntegerField()
    fixes = LinkSerializer(many=True)
    examples = serializers.ListField(child=serializers.CharField())


class RoleTotalSerializer(serializers.Serializer):
    metric = serializers.CharField()
    value = serializers.DecimalField(max_digits=18, decimal_places=2)
    target = serializers.DecimalField(max_digits=18, decimal_places=2)
    attainment = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    people = serializers.IntegerField()


class RoleQuarterSerializer(serializers.Serializer):
    role = serializers.CharField()
    people = serializers.IntegerField()
    totals = RoleTotalSerializer(many=True)
    basis = serializers.CharField()
    coaching = serializers.IntegerField()
    coaching_other = serializers.IntegerField()


class OverviewSerializer(serializers.Serializer):
    quarter = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)
    nightly = NightlySerializer()
    imports = ImportLineSerializer(many=True)
    problems = ProblemSerializer(many=True)
    company = RoleQuarterSerializer(many=True)


def _nightly(run) -> dict:
    last = run.last
    return {
        "status": last.status if last else None,
        "started_at": last.started_at if last else None,
        "duration_seconds": run.duration.total_seconds() if run.duration else None,
        "people": last.people if last else None,
        "rows": last.rows if last else None,
        "error": last.error if last else None,
        "next_start": run.next_start,
    }


class OverviewView(APIView):
    """The admin overview of a quarter (default: the current one)."""

    permission_classes = [AdminOnly]

    @extend_schema(
        parameters=[OpenApiParameter("quarter", str, description="FY24-Q3; default: today's")],
        responses=OverviewSerializer,
    )
    def get(self, request: Request) -> Response:
        quarter = quarter_or_404(request.query_params.get("quarter"))
        found = admin_overview(quarter)
        problems = [
            {**vars(p), "examples": [text for text, _url in p.examples]} for p in found.problems
        ]
        body = {
            "quarter": quarter.label,
            "as_of": found.data.as_of,
            "nightly": _nightly(nightly_run()),
            "imports": found.imports,
            "problems": problems,
            "company": found.company,
        }
        return Response(OverviewSerializer(body).data)


class ColumnMappingsSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    columns = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="field → column; a blank column removes the mapping",
    )


class AllColumnMappingsSerializer(serializers.Serializer):
    opportunities = serializers.DictField(child=serializers.CharField())
    meetings = serializers.DictField(child=serializers.CharField())
    people = serializers.DictField(child=serializers.CharField())


class ColumnMappingsView(APIView):
    """Each kind of file's saved columns (field → column); POST saves one kind's."""

    permission_classes = [AdminOnly]

    @extend_schema(responses=AllColumnMappingsSerializer)
    def get(self, request: Request) -> Response:
        return Response(column_mappings())

    @extend_schema(request=ColumnMappingsSerializer, responses=ColumnMappingsSerializer)
    def post(self, request: Request) -> Response:
        given = ColumnMappingsSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            column_mappings_save(**given.validated_data)
        except ValueError as error:
            raise ValidationError({"columns": [str(error)]}) from error
        kind = given.validated_data["kind"]
        return Response({"kind": kind, "columns": column_mappings()[kind]})


class StageAliasSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    stage = serializers.ChoiceField(choices=parsers.STAGES, help_text="1-6, won or lost")


class StageAliasesView(APIView):
    """The stage mapping: a Salesforce stage name and the stage it counts as."""

    permission_classes = [AdminOnly]

    @extend_schema(responses=StageAliasSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(StageAliasSerializer(StageAlias.objects.order_by("name"), many=True).data)

    @extend_schema(request=StageAliasSerializer, responses=StageAliasSerializer)
    def post(self, request: Request) -> Response:
        given = StageAliasSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            alias = setup.save_stage(**given.validated_data)
        except ValueError as error:
            raise ValidationError({"name": [str(error)]}) from error
        return Response(StageAliasSerializer(alias).data)


class CurrencyRateSerializer(serializers.Serializer):
    currency = serializers.CharField(min_length=3, max_length=3)
    rate = serializers.DecimalField(
        max_digits=18, decimal_places=8, help_text="1 currency = rate company currency"
    )


class CurrencyRatesView(APIView):
    """The currency rates imports convert amounts with."""

    permission_classes = [AdminOnly]

    @extend_schema(responses=CurrencyRateSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(CurrencyRateSerializer(CurrencyRate.objects.all(), many=True).data)

    @extend_schema(request=CurrencyRateSerializer, responses=CurrencyRateSerializer)
    def post(self, request: Request) -> Response:
        given = CurrencyRateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            rate = setup.save_rate(
                given.validated_data["currency"], str(given.validated_data["rate"])
            )
        except ValueError as error:
            raise ValidationError({"rate": [str(error)]}) from error
        return Response(CurrencyRateSerializer(rate).data)
