"""Serializer fields for Pacer's own values: fiscal quarters written ``FY24-Q3``."""

from __future__ import annotations

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from goals.calendar import FiscalQuarter
from goals.rows import rounded

QUARTER_PATTERN = r"^FY(\d{2}|\d{4})-Q[1-4]$"


def parse_quarter(label: str) -> FiscalQuarter:
    """``FY24-Q3`` as a FiscalQuarter whose dates exist; ValueError otherwise."""
    if not re.match(QUARTER_PATTERN, label or ""):
        raise ValueError(f"{label!r} is not a fiscal quarter like FY24-Q3")
    quarter = FiscalQuarter.parse(label)
    try:
        quarter.start, quarter.end  # noqa: B018 - a year far out of range has no dates
    except (ValueError, OverflowError) as error:
        raise ValueError(f"{label!r} is outside the calendar") from error
    return quarter


@extend_schema_field({"type": "string", "pattern": QUARTER_PATTERN, "example": "FY24-Q3"})
class QuarterField(serializers.Field):
    """A fiscal quarter in and out as ``FY24-Q3``."""

    def to_representation(self, value: FiscalQuarter) -> str:
        return value.label

    def to_internal_value(self, data) -> FiscalQuarter:
        if not isinstance(data, str):
            raise serializers.ValidationError("A fiscal quarter is a string like FY24-Q3.")
        try:
            return parse_quarter(data)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from error


@extend_schema_field({"type": "string", "pattern": QUARTER_PATTERN, "example": "FY24-Q3"})
class RecordQuarterField(QuarterField):
    """The ``fiscal_year`` and ``quarter`` columns of a target row, as one ``FY24-Q3``."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, value) -> str:
        return FiscalQuarter(value.fiscal_year, value.quarter).label

    def to_internal_value(self, data) -> dict[str, int]:
        quarter = super().to_internal_value(data)
        return {"fiscal_year": quarter.year, "quarter": quarter.number}


class FigureField(serializers.DecimalField):
    """A figure as a decimal string, exactly as the engine's rows round it; null when none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(max_digits=None, decimal_places=None, read_only=True, **kwargs)


class RoundedFigureField(FigureField):
    """A computed figure rounded for display like the engine's rows (2 places, half up)."""

    def to_representation(self, value):
        return super().to_representation(rounded(value))
