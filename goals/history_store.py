"""Read the deal history for the engine (``goals.history``) in a fixed number of queries.

Nothing here decides a figure: it loads the states of the deals that were ever the given AEs'
and hands them to ``goals.history`` and ``goals.movement``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Min,
    Q,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Round
from django.utils import timezone

from . import history, rules
from .history_models import OpportunityState

STATE_FIELDS = ("external_id", "observed_at", "owner_id", "stage", "cents", "close_date",
                "account", "type")  # fmt: skip


_CENTS = Cast(Round(F("amount") * Value(100)), BigIntegerField())


def zone():
    return timezone.get_current_timezone()


def day_end(day: date) -> datetime:
    """The end of ``day`` in TIME_ZONE (RULES.md)."""
    return history.end_of_day(day, zone())


def first_observed() -> datetime | None:
    """The first observation of any deal, or None with no history (one query)."""
    return OpportunityState.objects.aggregate(first=Min("observed_at"))["first"]


def deal_states(owner_ids: Sequence[int], until: datetime) -> history.History:
    """Every state up to ``until`` of each deal that was ever one of ``owner_ids``' (one
    query): a deal that moved to or from them counts at each end."""
    theirs = OpportunityState.objects.filter(owner_id__in=list(owner_ids)).values("external_id")
    rows = (
        OpportunityState.objects.filter(external_id__in=theirs, observed_at__lte=until)
        .annotate(cents=_CENTS)
        # In the order written: of two states observed at one moment ``History`` then keeps
        # the later one, as every query here does (observed_at, then id).
        .order_by("id")
        .values_list(*STATE_FIELDS)
    )
    return history.History(_states(rows))


def at_moment(moment: datetime) -> Q:
    """Each deal's state at ``moment``: observed by then and not yet superseded (the latest by
    observed_at, then id: ``OpportunityState.superseded_at``)."""
    return Q(observed_at__lte=moment) & (
        Q(superseded_at__isnull=True) | Q(superseded_at__gt=moment)
    )


def movement_ends(
    owner_ids: Sequence[int], moments: tuple[datetime, datetime], steady_filters: dict
) -> tuple[tuple[dict, dict], dict[int, dict[str, tuple[int, int]]]]:
    """What ``goals.movement`` needs between two moments, in three queries (two on SQLite):
    each end's state of every deal that changed in between and was one of ``owner_ids``' at
    either end, and per owner the ``Steady`` totals of the deals that did not
    (``movement.split_steady``, summed here)."""
    start, end = moments
    theirs = OpportunityState.objects.filter(owner_id__in=list(owner_ids))
    # Changed in between: theirs at A and superseded by B, or theirs at B and observed after A.
    left = theirs.filter(observed_at__lte=start, superseded_at__gt=start, superseded_at__lte=end)
    came = theirs.filter(at_moment(end), observed_at__gt=start)
    # The deals' ids (index-only scans), then their states by id.
    changed_ids = left.values_list("external_id", flat=True).union(
        came.values_list("external_id", flat=True)
    )
    rows = (
        OpportunityState.objects.filter(
            at_moment(start) | at_moment(end), external_id__in=_any_of(changed_ids)
        )
        .annotate(
            cents=_CENTS,
            at_start=ExpressionWrapper(at_moment(start), output_field=BooleanField()),
            at_end=ExpressionWrapper(at_moment(end), output_field=BooleanField()),
        )
        .order_by()
        .values_list(*STATE_FIELDS, "at_start", "at_end")
    )
    changed: tuple[dict, dict] = ({}, {})
    for *fields, at_start, at_end in rows:
        state = _state(fields)
        for side, here in zip(changed, (at_start, at_end), strict=True):
            if here:
                side[state.external_id] = state
    return changed, _steady(owner_ids, start, end, steady_filters)


def _any_of(ids):
    """What ``external_id__in`` takes for the query ``ids``: on PostgreSQL its result as one
    array parameter (a query of its own; as a subquery the planner reads every state to join
    them, and Django would resolve a list's items one by one: 0.1 s of CPU for 5,000 ids)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::varchar[])", (list(ids),))
    return ids


def _steady(owner_ids, start: datetime, end: datetime, filters: dict):
    """Per owner and stage (deals, cents) of the states that are each deal's at ``start`` and
    still at ``end`` and meet ``filters`` (one query, an index-only scan)."""
    rows = (
        OpportunityState.objects.filter(
            at_moment(start),
            Q(superseded_at__isnull=True) | Q(superseded_at__gt=end),
            owner_id__in=list(owner_ids),
            **filters,
        )
        .values("owner_id", "stage")
        .annotate(deals=Count("external_id"), total=Sum(_CENTS))
        .order_by()
        .values_list("owner_id", "stage", "deals", "total")
    )
    found: dict[int, dict[str, tuple[int, int]]] = {}
    for owner_id, stage, deals, total in rows:
        found.setdefault(owner_id, {})[stage] = (deals, int(total))
    return found


def _states(rows: Iterable[Sequence]) -> Iterable[history.DealState]:
    return map(_state, rows)


def _state(row: Sequence) -> history.DealState:
    external_id, moment, owner_id, stage, cents, close, account, kind = row
    return history.DealState(
        external_id, moment, owner_id, stage, int(cents), close, account, kind == "new_business"
    )


def past_pipeline(
    ae_ids: Sequence[int],
    quarter_end: date,
    days: Sequence[date],
    stage_weights: dict[str, Decimal],
) -> dict[date, dict[int, dict[str, Decimal]] | None]:
    """Per day the point-in-time sums of each AE from each deal's state at the end of that
    day (``weighted_pipeline``, ``open_by_quarter_end``, ``weighted_by_quarter_end``); None
    for a day before the first observation of any deal. Two queries whatever the days."""
    first = first_observed()
    if first is None or not days or not ae_ids:
        return dict.fromkeys(days)
    found: dict[date, dict[int, dict[str, Decimal]] | None] = dict.fromkeys(days)
    covered = sorted(day for day in set(days) if day_end(day) >= first)
    if not covered:
        return found
    deals = deal_states(ae_ids, day_end(covered[-1]))
    moments = [day_end(day) for day in covered]
    by_moment = history.point_in_time_by_moment(deals, moments, quarter_end, stage_weights)
    for day, sums in zip(covered, by_moment, strict=True):
        found[day] = {ae: _values(sums.get(ae, history.PointInTime())) for ae in ae_ids}
    return found


def _values(sums: history.PointInTime) -> dict[str, Decimal]:
    return {
        "weighted_pipeline": history.from_weighted_units(sums.weighted),
        "open_by_quarter_end": rules.cents(sums.open_by_quarter_end_cents),
        "weighted_by_quarter_end": history.from_weighted_units(sums.weighted_by_quarter_end),
    }


def timeline(external_id: str) -> list[OpportunityState]:
    """A deal's states over time, oldest first, with the import run of each (one query)."""
    return list(
        OpportunityState.objects.filter(external_id=external_id)
        .select_related("import_run__user", "owner")
        .order_by("observed_at", "id")
    )
