"""Query-string filters (django-filter) for the API's lists."""

from __future__ import annotations

from django import forms
from django_filters import rest_framework as filters

from goals.models import Meeting, Opportunity, Snapshot, Target, TargetOverride
from people.api import IdFilter

from .fields import parse_quarter


class QuarterFormField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_quarter(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class QuarterFilter(filters.Filter):
    """``?quarter=FY24-Q3`` on a row with ``fiscal_year`` and ``quarter`` columns."""

    field_class = QuarterFormField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(fiscal_year=value.year, quarter=value.number)


class TargetFilter(filters.FilterSet):
    quarter = QuarterFilter()

    class Meta:
        model = Target
        fields = ["quarter", "metric", "role", "sdr_segment"]


class TargetOverrideFilter(filters.FilterSet):
    quarter = QuarterFilter()
    person = IdFilter(field_name="person_id")

    class Meta:
        model = TargetOverride
        fields = ["person", "quarter", "metric"]


class OpportunityFilter(filters.FilterSet):
    owner = IdFilter(field_name="owner_id")
    sourced_by = IdFilter(field_name="sourced_by_id")
    close_date = filters.DateFromToRangeFilter()
    created_date = filters.DateFromToRangeFilter()
    sao_date = filters.DateFromToRangeFilter()

    class Meta:
        model = Opportunity
        fields = ["owner", "sourced_by", "stage", "type", "close_date", "created_date", "sao_date"]


class MeetingFilter(filters.FilterSet):
    sdr = IdFilter(field_name="sdr_id")
    type = filters.CharFilter(lookup_expr="iexact")
    date = filters.DateFromToRangeFilter()

    class Meta:
        model = Meeting
        fields = ["sdr", "type", "took_place", "date"]


class SnapshotFilter(filters.FilterSet):
    person = IdFilter(field_name="person_id")
    date = filters.DateFromToRangeFilter()

    class Meta:
        model = Snapshot
        fields = ["person", "metric", "date"]
