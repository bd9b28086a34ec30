"""Read-side queries: load what the rules engine needs in a fixed number of queries.

Nothing here decides a figure. One input shape per question: ``quarter_inputs`` has the
database sum and count what the figures read (``rules.OwnerTotals``, ``rules.SaoCounts``);
``deal_rows`` loads the deals behind a figure (a superset of the rows the rules may count,
filtered by date so the engine reads less) and ``deal_inputs`` has the engine sum them;
``quarter_results_by_day`` loads dated deal rows and ``rules.OpenPipelineTotals`` once for a
range of days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import reduce
from operator import itemgetter, or_

import pandas as pd
from django.conf import settings
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Round

from people.models import Person, Role

from . import history_store, rules
from .calendar import FiscalQuarter, add_months, today
from .models import (
    Meeting,
    Metric,
    Opportunity,
    OpportunityType,
    Snapshot,
    Stage,
    Target,
    TargetOverride,
)

PERSON_FIELDS = ("id", "email", "name", "role", "sdr_segment", "start_date", "manager_id")


def person_facts(people: Iterable[Person]) -> tuple[rules.PersonFacts, ...]:
    return tuple(
        rules.PersonFacts(
            id=p.id,
            email=p.email,
            name=p.name,
            role=p.role,
            sdr_segment=p.sdr_segment,
            start_date=p.start_date,
            manager_id=p.manager_id,
        )
        for p in people
    )


def figures_as_of(quarter: FiscalQuarter, as_of: date | None = None) -> date | None:
    """RULES.md: D is today for the current quarter, the last day of a past one, None ahead."""
    if as_of is not None:
        return as_of if quarter.start <= as_of else None
    return quarter.as_of(today())


@dataclass(frozen=True)
class DealRows:
    """The rows of single deals, for the questions about them (the deals behind a figure): AEs'
    opportunities any AE rule may count, SDRs' SAOs from the quarter's rolling start to D."""

    owned: pd.DataFrame
    sourced: pd.DataFrame


def quarter_inputs(
    people: Sequence[rules.PersonFacts], quarter: FiscalQuarter, as_of: date
) -> rules.EngineInputs:
    """The engine's inputs for ``people``'s figures on one day, from database totals: AEs'
    opportunities summed by ``rules.ae_counts`` and SAOs counted per SDR and day, so no
    opportunity row leaves the database."""
    ae_ids, sdr_ids = role_ids(people)
    return _engine_inputs(
        people,
        quarter,
        as_of,
        ae_totals=ae_totals_in_database(ae_ids, quarter, as_of) if ae_ids else {},
        saos=sao_counts(sdr_ids, sao_range(quarter, as_of, as_of)),
        **_point_in_time(ae_ids, quarter, as_of),
    )


def deal_rows(people: Sequence[rules.PersonFacts], quarter: FiscalQuarter, as_of: date) -> DealRows:
    """The deal rows behind ``people``'s figures in ``quarter`` as of ``as_of``."""
    ae_ids, sdr_ids = role_ids(people)
    owned = owned_rows(ae_ids, quarter, as_of) if ae_ids else []
    sourced = sourced_rows(sdr_ids, sao_range(quarter, as_of, as_of)) if sdr_ids else []
    return DealRows(rules.opportunity_frame(owned), rules.opportunity_frame(sourced))


def deal_inputs(
    people: Sequence[rules.PersonFacts],
    quarter: FiscalQuarter,
    as_of: date,
    deals: DealRows,
    masks: Mapping[str, pd.Series] | None = None,
) -> rules.EngineInputs:
    """The engine's inputs for the figures of ``deals`` (``deal_rows``), summed by the engine
    (``masks``: ``rules.ae_masks`` of ``deals.owned``, when the caller has them already)."""
    ae_ids, _ = role_ids(people)
    return _engine_inputs(
        people,
        quarter,
        as_of,
        ae_totals=rules.ae_totals(deals.owned, quarter, as_of, masks),
        saos=rules.sao_counts(deals.sourced),
        **_point_in_time(ae_ids, quarter, as_of),
    )


def role_ids(people: Sequence[rules.PersonFacts]) -> tuple[list[int], list[int]]:
    """The ids of the AEs and of the SDRs among ``people``."""
    return [p.id for p in people if p.role == Role.AE], [p.id for p in people if p.role == Role.SDR]


def sao_range(quarter: FiscalQuarter, first_day: date, as_of: date) -> tuple[date, date]:
    """The SAO dates the SDR rules read for any day from ``first_day`` to ``as_of``: the
    quarter so far and the rolling months before each day."""
    rolling_start = add_months(min(first_day, as_of), -rules.ROLLING_MONTHS)
    return min(quarter.start, rolling_start), as_of


def _point_in_time(ae_ids: Sequence[int], quarter: FiscalQuarter, as_of: date) -> dict:
    """RULES.md: a past D's point-in-time figures from each deal's state at the end of that
    day (the deal history); before the history begins, the recorded weighted pipeline.
    Today computes them live."""
    if as_of == today() or not ae_ids:
        return {"recorded_pipeline": {}}
    past = history_store.past_pipeline(ae_ids, quarter.end, [as_of], stage_weights())[as_of]
    if past is not None:
        return past_fields(past, {})
    return past_fields(None, recorded_values(ae_ids, "weighted_pipeline", as_of))


def _engine_inputs(
    people: Sequence[rules.PersonFacts],
    quarter: FiscalQuarter,
    as_of: date,
    *,
    ae_totals: Mapping[int, rules.OwnerTotals],
    saos: rules.SaoCounts,
    recorded_pipeline: Mapping[int, Decimal],
    past_open: Mapping[int, Mapping[str, Decimal]] | None = None,
) -> rules.EngineInputs:
    """``ae_totals`` and ``saos`` with the rest the engine reads: catalogue, the SDRs' meetings,
    stage weights and targets."""
    _, sdr_ids = role_ids(people)
    meeting_rows = sdr_meeting_rows(sdr_ids, quarter, as_of) if sdr_ids else []
    return rules.EngineInputs(
        people=tuple(people),
        metrics=metric_defs(),
        ae_totals=ae_totals,
        saos=saos,
        meetings=rules.meeting_frame(meeting_rows),
        stage_weights=stage_weights(),
        targets=target_book(people, {quarter.year - 1, quarter.year}),
        recorded_pipeline=recorded_pipeline,
        past_open=past_open,
    )


def past_fields(past: dict | None, recorded: Mapping[int, Decimal]) -> dict:
    """``EngineInputs`` fields from ``history_store.past_pipeline``'s entry for one day
    (None: no history that day, so the ``recorded`` weighted pipeline)."""
    if past is None:
        return {"recorded_pipeline": recorded, "past_open": None}
    return {
        "recorded_pipeline": {ae: v["weighted_pipeline"] for ae, v in past.items()},
        "past_open": past,
    }


def amount_cents() -> Cast:
    return Cast(Round(F("amount") * Value(100)), BigIntegerField())


def opportunity_rows(*conditions: Q, **filters) -> QuerySet:
    """Opportunities matching the filters as a ``values_list`` in ``rules.OPPORTUNITY_COLUMNS``."""
    return (
        Opportunity.objects.annotate(
            amount_cents=amount_cents(),
            is_new_business=Q(type=OpportunityType.NEW_BUSINESS),
        )
        .filter(*conditions, **filters)
        .values_list(*rules.OPPORTUNITY_COLUMNS)
    )


def per_deal_filter(quarter: FiscalQuarter, as_of: date) -> Q:
    """The AEs' opportunities counted one by one whatever their stage: won ones closed this FY
    to D, new business accepted this FY to D."""
    fy_start = quarter.fiscal_year.start
    return Q(stage="won", close_date__range=(fy_start, as_of)) | Q(
        type=OpportunityType.NEW_BUSINESS, sao_date__range=(fy_start, as_of)
    )


def owned_rows(ae_ids: Sequence[int], quarter: FiscalQuarter, as_of: date) -> list[tuple]:
    """AEs' opportunities as engine rows: open ones and ``per_deal_filter``'s."""
    per_deal = per_deal_filter(quarter, as_of)
    rows = opportunity_rows(Q(stage__in=rules.OPEN_STAGES) | per_deal, owner_id__in=ae_ids)
    return raw_rows(rows, rules.OPPORTUNITY_COLUMNS)


def sourced_rows(sdr_ids: Sequence[int], sao_range: tuple[date, date]) -> list[tuple]:
    """The SDRs' SAOs in ``sao_range`` as engine rows."""
    rows = opportunity_rows(sourced_by_id__in=sdr_ids, sao_date__range=sao_range)
    return raw_rows(rows, rules.OPPORTUNITY_COLUMNS)


def sdr_meeting_rows(sdr_ids: Sequence[int], quarter: FiscalQuarter, as_of: date) -> list[tuple]:
    """The SDRs' meetings from the quarter's start to ``as_of`` as engine rows (building a
    query costs a millisecond: none is built for a page without SDRs)."""
    meetings = Meeting.objects.filter(
        sdr_id__in=sdr_ids, date__range=(quarter.start, as_of)
    ).values_list(*rules.MEETING_COLUMNS)
    return raw_rows(meetings, rules.MEETING_COLUMNS)


def sao_counts(sdr_ids: Sequence[int], sao_range: tuple[date, date]) -> rules.SaoCounts:
    """The SDRs' SAOs in ``sao_range``, counted per SDR and day by the database. One query
    (none without SDRs)."""
    if not sdr_ids:
        return rules.SaoCounts()
    per_day = (
        Opportunity.objects.filter(sourced_by_id__in=sdr_ids, sao_date__range=sao_range)
        .order_by()
        .values("sourced_by_id", "sao_date")
        .annotate(saos=Count("id"))
        .values_list("sourced_by_id", "sao_date", "saos")
    )
    by_sdr: dict[int, dict[date, int]] = {}
    for sdr_id, day, saos in per_day:
        by_sdr.setdefault(sdr_id, {})[day] = saos
    return rules.SaoCounts(by_sdr)


def counts_filter(counts: rules.Counts) -> Q:
    """``rules.Counts`` as a filter on opportunities (a NULL date matches no range)."""
    condition = Q()
    if counts.stages is not None:
        condition &= Q(stage__in=counts.stages)
    if counts.new_business_only:
        condition &= Q(type=OpportunityType.NEW_BUSINESS)
    if counts.start is not None:
        condition &= Q(**{f"{counts.date_column}__gte": counts.start})
    if counts.end is not None:
        condition &= Q(**{f"{counts.date_column}__lte": counts.end})
    return condition


def summed_cents(condition: Q) -> Cast | Sum:
    """Σ amount in cents over the rows matching ``condition``, exactly."""
    if connection.vendor == "postgresql":
        # numeric sums are exact; rounding each row to cents first costs ~20% of the query
        return Cast(Sum("amount", filter=condition) * Value(100), BigIntegerField())
    return Sum(amount_cents(), filter=condition)  # SQLite holds decimals as floats


def ae_totals_in_database(
    ae_ids: Sequence[int], quarter: FiscalQuarter, as_of: date
) -> dict[int, rules.OwnerTotals]:
    """``rules.ae_totals`` of the AEs' opportunities, summed and counted by the database from
    the engine's ``rules.ae_counts`` (exact: integer cents). Two queries, a few rows per AE."""
    conditions = {code: counts_filter(c) for code, c in rules.ae_counts(quarter, as_of).items()}
    owned = Opportunity.objects.filter(owner_id__in=ae_ids).order_by()
    summed = rules.SUMMED_COUNTS
    by_stage = (
        owned.filter(reduce(or_, (conditions[code] for code in summed)))
        .values("owner_id", "stage")
        .annotate(**{f"sum_{i}": summed_cents(conditions[c]) for i, c in enumerate(summed)})
        .values_list("owner_id", "stage", *(f"sum_{i}" for i in range(len(summed))))
    )
    counted = rules.ACCOUNT_COUNTS
    accounts = (
        owned.filter(reduce(or_, (conditions[code] for code in counted)))
        .values("owner_id")
        .annotate(
            **{
                f"accounts_{i}": Count("account", distinct=True, filter=conditions[c])
                for i, c in enumerate(counted)
            }
        )
        .values_list("owner_id", *(f"accounts_{i}" for i in range(len(counted))))
    )
    cents: dict[int, dict[tuple[str, str], int]] = {}
    for owner_id, stage, *totals in by_stage:
        for code, total in zip(summed, totals, strict=True):
            if total is not None:
                cents.setdefault(owner_id, {})[(code, stage)] = int(total)
    numbers = {owner_id: dict(zip(counted, row, strict=True)) for owner_id, *row in accounts}
    return {
        owner_id: rules.OwnerTotals(cents.get(owner_id, {}), numbers.get(owner_id, {}))
        for owner_id in cents.keys() | numbers.keys()
    }


def open_pipeline_totals(
    ae_ids: Sequence[int], quarter: FiscalQuarter
) -> dict[int, rules.OpenPipelineTotals]:
    """The AEs' open opportunities summed in cents per owner and stage, all of them and those
    closing by quarter end (``rules.OpenPipelineTotals``). One query."""
    by_quarter_end = Q(close_date__lte=quarter.end)
    groups = (
        Opportunity.objects.filter(owner_id__in=ae_ids, stage__in=rules.OPEN_STAGES)
        .annotate(closes_in_quarter=ExpressionWrapper(by_quarter_end, BooleanField()))
        .values("owner_id", "stage", "closes_in_quarter")
        .annotate(total=Sum(amount_cents()))
        .values_list("owner_id", "stage", "closes_in_quarter", "total")
    )
    open_cents: dict[int, dict[str, int]] = {}
    by_quarter_end_cents: dict[int, dict[str, int]] = {}
    for owner_id, stage, in_quarter, total in groups:
        owner_open = open_cents.setdefault(owner_id, {})
        owner_open[stage] = owner_open.get(stage, 0) + int(total)
        if in_quarter:
            by_quarter_end_cents.setdefault(owner_id, {})[stage] = int(total)
    return {
        owner_id: rules.OpenPipelineTotals(cents, by_quarter_end_cents.get(owner_id, {}))
        for owner_id, cents in open_cents.items()
    }


def raw_rows(queryset: QuerySet, columns: Sequence[str]) -> list[tuple]:
    """A ``values_list`` query's rows in ``columns`` order, fetched without Django's per-row
    converters: the engine's frames parse dates and booleans themselves, and on a million
    opportunities the converters cost about a second."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    if names == list(columns):
        return rows
    reorder = itemgetter(*(names.index(column) for column in columns))
    return list(map(reorder, rows))


def metric_defs() -> dict[str, rules.MetricDef]:
    return {
        m.code: rules.MetricDef(m.code, m.label, m.unit, m.kind, m.role)
        for m in Metric.objects.all()
    }


def stage_weights() -> dict[str, Decimal]:
    return {str(number): weight for number, weight in Stage.objects.values_list("number", "weight")}


def target_book(people: Sequence[rules.PersonFacts], fiscal_years: set[int]) -> rules.TargetBook:
    by_role = {
        (t.fiscal_year, t.quarter, t.metric_id, t.role, t.sdr_segment): t.value
        # RULES.md: a draft gives no attainment; only published targets count.
        for t in Target.objects.filter(fiscal_year__in=fiscal_years, published=True)
    }
    overrides = {
        (o.person_id, o.fiscal_year, o.quarter, o.metric_id): o.value
        for o in TargetOverride.objects.filter(
            fiscal_year__in=fiscal_years, person_id__in=[p.id for p in people]
        )
    }
    return rules.TargetBook(by_role=by_role, overrides=overrides)


def recorded_values(person_ids: Sequence[int], metric: str, on: date) -> dict[int, Decimal]:
    rows = Snapshot.objects.filter(person_id__in=person_ids, metric_id=metric, date=on)
    return {
        person_id: value
        for person_id, value in rows.values_list("person_id", "value")
        if value is not None
    }


def quarter_results(
    people: Iterable[Person], quarter: FiscalQuarter, as_of: date | None = None
) -> list[rules.PersonQuarter]:
    """The figures of ``people`` for ``quarter`` as of D (RULES.md), in a fixed number of
    queries whatever the number of people. A future quarter has none."""
    day = figures_as_of(quarter, as_of)
    if day is None:
        return []
    inputs = quarter_inputs(person_facts(people), quarter, day)
    return rules.compute_quarter(inputs, quarter, day, live=day == today())


def quarter_results_by_day(
    people: Iterable[Person], quarter: FiscalQuarter, days: Sequence[date]
) -> dict[date, list[rules.PersonQuarter]]:
    """``quarter_results`` for several days of one quarter (none after today) from one load:
    the AEs' dated deals (won, new business accepted) as rows and their open pipeline as
    totals, the SDRs' SAOs per day. The same figures, in a fixed number of queries whatever
    the number of people or days."""
    if not days:
        return {}
    if any(not quarter.contains(day) or day > today() for day in days):
        raise ValueError(f"every day must lie in {quarter} and not after today")
    facts = person_facts(people)
    ae_ids, sdr_ids = role_ids(facts)
    last = max(days)
    dated_deals = rules.opportunity_frame(
        raw_rows(
            opportunity_rows(per_deal_filter(quarter, last), owner_id__in=ae_ids),
            rules.OPPORTUNITY_COLUMNS,
        )
        if ae_ids
        else []
    )
    open_pipeline = open_pipeline_totals(ae_ids, quarter) if ae_ids else {}
    inputs = _engine_inputs(
        facts,
        quarter,
        last,
        ae_totals={},
        saos=sao_counts(sdr_ids, sao_range(quarter, min(days), last)),
        recorded_pipeline={},
    )
    past_days = [day for day in days if day != today()]
    past = history_store.past_pipeline(ae_ids, quarter.end, past_days, inputs.stage_weights)
    recorded = recorded_values_by_day(ae_ids, "weighted_pipeline", past_days)
    return {
        day: rules.compute_quarter(
            replace(
                inputs,
                ae_totals=rules.totals_on(dated_deals, open_pipeline, quarter, day),
                **past_fields(past.get(day), recorded.get(day, {})),
            ),
            quarter,
            day,
            live=day == today(),
        )
        for day in days
    }


def recorded_values_by_day(
    person_ids: Sequence[int], metric: str, days: Sequence[date]
) -> dict[date, dict[int, Decimal]]:
    rows = Snapshot.objects.filter(
        person_id__in=person_ids, metric_id=metric, date__in=list(days), value__isnull=False
    )
    found: dict[date, dict[int, Decimal]] = {}
    for day, person_id, value in rows.values_list("date", "person_id", "value"):
        found.setdefault(day, {})[person_id] = value
    return found


def coaching_basis() -> str:
    return settings.COACHING_BASIS
