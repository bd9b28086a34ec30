"""API views: parse the input, call one selector, render. Every queryset is the caller's scope
(``goals.selectors.visible_people``), so a foreign id answers 404 (see ``permissions``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from goals.calendar import today
from goals.models import Meeting, Metric, Opportunity, Snapshot, Stage, Target, TargetOverride
from goals.rows import attainment_records, coaching_records, look_ahead_records
from goals.selectors import coaching_basis, figures_as_of, quarter_results
from people.api import ID_PATTERN, ScopedViewSet  # noqa: F401  ID_PATTERN: used by urls
from people.middleware import person_of
from people.permissions import caller_is_admin
from people.selectors import visible_people

from . import filters, serializers


class TargetViewSet(viewsets.ModelViewSet, ScopedViewSet):
    """Targets per role (and SDR segment) and quarter; every signed-in user reads them, admins
    write them."""

    queryset = Target.objects.order_by("fiscal_year", "quarter", "role", "sdr_segment", "metric")
    serializer_class = serializers.TargetSerializer
    filterset_class = filters.TargetFilter
    scope_fields = None

    def get_queryset(self):
        rows = super().get_queryset()
        # RULES.md: a draft quarter is visible to admins only.
        return rows if caller_is_admin(self.request) else rows.filter(published=True)


class TargetOverrideViewSet(viewsets.ModelViewSet, ScopedViewSet):
    """One person's own target for a quarter and metric (a ramping rep, a part-quarter)."""

    queryset = TargetOverride.objects.order_by("fiscal_year", "quarter", "person", "metric")
    serializer_class = serializers.TargetOverrideSerializer
    filterset_class = filters.TargetOverrideFilter
    scope_fields = ("person",)


class MetricViewSet(viewsets.ReadOnlyModelViewSet, ScopedViewSet):
    """The metric catalogue (RULES.md)."""

    queryset = Metric.objects.order_by("role", "position")
    serializer_class = serializers.MetricSerializer
    lookup_value_regex = r"[a-z_]{1,40}"
    scope_fields = None
    pagination_class = None


class StageViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    """Open stages 1-6 and their weights (seed 000); an admin changes a weight, and every
    figure computed after that uses it."""

    queryset = Stage.objects.order_by("number")
    serializer_class = serializers.StageSerializer
    lookup_value_regex = r"[1-6]"
    scope_fields = None
    pagination_class = None


class OpportunityViewSet(viewsets.ReadOnlyModelViewSet, ScopedViewSet):
    """Opportunities the caller's people own or sourced (filters: owner, stage, type, dates)."""

    queryset = Opportunity.objects.order_by("close_date", "id")
    serializer_class = serializers.OpportunitySerializer
    filterset_class = filters.OpportunityFilter
    scope_fields = ("owner", "sourced_by")


class MeetingViewSet(viewsets.ReadOnlyModelViewSet, ScopedViewSet):
    """Meetings the caller's SDRs held or set (filters: sdr, type, took_place, date)."""

    queryset = Meeting.objects.order_by("date", "id")
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    scope_fields = ("sdr",)


class SnapshotViewSet(mixins.ListModelMixin, ScopedViewSet):
    """The nightly recompute's history: filter by person and metric for one trend line."""

    queryset = Snapshot.objects.order_by("person", "metric", "date")
    serializer_class = serializers.SnapshotSerializer
    filterset_class = filters.SnapshotFilter
    scope_fields = ("person",)


# --- figures from the one rules engine -------------------------------------------------------


def _people_in_scope(request: Request, person: str | None):
    """The active people the caller may see, or the one named by id or e-mail (else 404)."""
    people = visible_people(request.user, person_of(request))
    if not person:
        return people.filter(is_active=True).order_by("email")
    lookup = {"id": int(person)} if person.isdigit() and len(person) <= 18 else {"email": person}
    return [get_object_or_404(people, **lookup)]


class AttainmentView(APIView):
    """Value, target, pace, attainment, below and the coaching flag (both bases) per person and
    metric for a quarter, as of D, from the rules engine; the same figures as the pages. For the
    live day (D = today) also each AE's look-ahead: projection and pipeline coverage."""

    @extend_schema(
        parameters=[serializers.AttainmentQuerySerializer],
        responses=serializers.AttainmentSerializer,
    )
    def get(self, request: Request) -> Response:
        query = serializers.AttainmentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        quarter, as_of = query.validated_data["quarter"], query.validated_data.get("as_of")
        people = _people_in_scope(request, query.validated_data.get("person"))
        results = quarter_results(people, quarter, as_of)
        day = figures_as_of(quarter, as_of)
        ahead = look_ahead_records(results)
        body = {
            "quarter": quarter,
            "as_of": day,
            "basis": coaching_basis(),
            "results": attainment_records(results),
            # A past D's look-ahead comes from the deal history: none before its first state.
            "look_ahead": ahead if ahead or day == today() else None,
        }
        return Response(serializers.AttainmentSerializer(body).data)


class CoachingView(APIView):
    """The coaching list: the caller's people below on at least two metrics with a target
    (RULES.md), on the chosen basis."""

    @extend_schema(
        parameters=[serializers.CoachingQuerySerializer],
        responses=serializers.CoachingSerializer,
    )
    def get(self, request: Request) -> Response:
        query = serializers.CoachingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        quarter, as_of = query.validated_data["quarter"], query.validated_data.get("as_of")
        basis = query.validated_data.get("basis") or coaching_basis()
        results = quarter_results(_people_in_scope(request, None), quarter, as_of)
        body = {
            "quarter": quarter,
            "as_of": figures_as_of(quarter, as_of),
            "basis": basis,
            "results": coaching_records(results, basis),
        }
        return Response(serializers.CoachingSerializer(body).data)
