"""Read-side queries: load what the rules engine needs in a fixed number of queries.

Nothing here decides a figure; it loads a superset of the rows the rules may count (filtered
by date so the engine reads less) and calls ``goals.rules``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
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

from . import rules
from .calendar import FiscalQuarter, add_months, today
from .models import (
    Meeting,
    Metric,
    Opportunity,
    OpportunityType,
    Person,
    Role,
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


def descendants(manager_id: int, links: Iterable[tuple[int, int | None]]) -> set[int]:
    """Everyone below ``manager_id`` in the tree given as (person id, manager id) pairs."""
    children: dict[int | None, list[int]] = {}
    for person_id, parent_id in links:
        children.setdefault(parent_id, []).append(person_id)
    found: set[int] = set()
    stack = list(children.get(manager_id, []))
    while stack:
        person_id = stack.pop()
        if person_id in found:
            continue  # a cycle in bad data must not loop forever
        found.add(person_id)
        stack.extend(children.get(person_id, []))
    found.discard(manager_id)
    return found


def team_ids(manager: Person) -> set[int]:
    """The ids of everyone below ``manager`` in the org tree (one query)."""
    return descendants(manager.id, Person.objects.values_list("id", "manager_id"))


def viewer_person(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def is_admin(user, person: Person | None) -> bool:
    return user.is_superuser or (person is not None and person.role == Role.ADMIN)


def visible_people(user) -> QuerySet[Person]:
    """The people a user may see: admins everyone, managers their tree and themselves, a rep
    only themselves."""
    person = viewer_person(user)
    if is_admin(user, person):
        return Person.objects.all()
    if person is None:
        return Person.objects.none()
    if person.role == Role.MANAGER:
        return Person.objects.filter(id__in=team_ids(person) | {person.id})
    return Person.objects.filter(id=person.id)


def figures_as_of(quarter: FiscalQuarter, as_of: date | None = None) -> date | None:
    """RULES.md: D is today for the current quarter, the last day of a past one, None ahead."""
    if as_of is not None:
        return as_of if quarter.start <= as_of else None
    return quarter.as_of(today())


def load_inputs(
    people: Sequence[rules.PersonFacts],
    quarter: FiscalQuarter,
    as_of: date,
    *,
    live: bool,
    earliest: date | None = None,
    summarise_open: bool = False,
    figures_only: bool = False,
) -> rules.EngineInputs:
    """Everything the engine reads for ``people`` in ``quarter`` as of ``as_of``.

    With ``earliest``, the rows also cover every day from ``earliest`` to ``as_of`` (the
    engine filters by its own date), so one load serves a whole range of days.

    With ``summarise_open``, open opportunities that no per-deal rule can count (not new
    business accepted this fiscal year) arrive as one row per owner, stage and "closes by
    quarter end" instead of one per deal: the engine only sums them (weighted pipeline,
    projection, coverage), and sums of integer cents are exact, so every figure is the same.
    Pages that list the deals behind a figure load them unsummarised.

    With ``figures_only`` (one day: no ``earliest``), for callers that show figures but not
    the rows behind them, no opportunity row leaves the database: it sums AEs' opportunities
    into ``owner_totals`` by the engine's own ``rules.ae_counts`` (``owned`` is empty), and
    counts SAOs per SDR and day (``sourced`` holds only ``sourced_by_id`` and ``sao_date``,
    one row per SAO, all the SDR rules read). The figures are the same.
    """
    if figures_only and earliest is not None:
        raise ValueError("figures_only is for one day: load rows for a range of days")
    ae_ids = [p.id for p in people if p.role == Role.AE]
    sdr_ids = [p.id for p in people if p.role == Role.SDR]
    rolling_start = add_months(min(earliest or as_of, as_of), -rules.ROLLING_MONTHS)
    sao_range = (min(quarter.start, rolling_start), as_of)

    owner_totals = None
    if figures_only:
        owner_totals = ae_totals_in_database(ae_ids, quarter, as_of) if ae_ids else {}
        owned = rules.opportunity_frame([])
        sourced = sao_counts(sdr_ids, sao_range) if sdr_ids else rules.opportunity_frame([])
    else:
        owned = rules.opportunity_frame(
            owned_rows(ae_ids, quarter, as_of, summarise_open) if ae_ids else []
        )
        sourced = rules.opportunity_frame(sourced_rows(sdr_ids, sao_range) if sdr_ids else [])
    meeting_rows = sdr_meeting_rows(sdr_ids, quarter, as_of) if sdr_ids else []

    return rules.EngineInputs(
        people=tuple(people),
        metrics=metric_defs(),
        owned=owned,
        sourced=sourced,
        meetings=rules.meeting_frame(meeting_rows),
        stage_weights=stage_weights(),
        targets=target_book(people, {quarter.year - 1, quarter.year}),
        recorded_pipeline={} if live else recorded_values(ae_ids, "weighted_pipeline", as_of),
        owner_totals=owner_totals,
    )


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


def owned_rows(
    ae_ids: Sequence[int], quarter: FiscalQuarter, as_of: date, summarise_open: bool
) -> list[tuple]:
    """AEs' opportunities as engine rows: open ones, won ones closed this FY, new business
    accepted this FY (with ``summarise_open``, see ``load_inputs``)."""
    fy_start = quarter.fiscal_year.start
    per_deal = Q(stage="won", close_date__range=(fy_start, as_of)) | Q(
        type=OpportunityType.NEW_BUSINESS, sao_date__range=(fy_start, as_of)
    )
    if summarise_open:
        rows = opportunity_rows(per_deal, owner_id__in=ae_ids)
        summaries = open_pipeline_summaries(ae_ids, per_deal, quarter)
    else:
        rows = opportunity_rows(Q(stage__in=rules.OPEN_STAGES) | per_deal, owner_id__in=ae_ids)
        summaries = []
    return raw_rows(rows, rules.OPPORTUNITY_COLUMNS) + summaries


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


def sao_counts(sdr_ids: Sequence[int], sao_range: tuple[date, date]) -> pd.DataFrame:
    """The SDRs' SAOs in ``sao_range`` as an engine frame of one row per SAO holding only
    ``sourced_by_id`` and ``sao_date`` (what the SDR rules read), counted per SDR and day by
    the database and repeated here. One query."""
    per_day = (
        Opportunity.objects.filter(sourced_by_id__in=sdr_ids, sao_date__range=sao_range)
        .order_by()
        .values("sourced_by_id", "sao_date")
        .annotate(saos=Count("id"))
        .values_list("sourced_by_id", "sao_date", "saos")
    )
    blank = dict.fromkeys(rules.OPPORTUNITY_COLUMNS) | {"is_new_business": False, "amount_cents": 0}
    frame = rules.opportunity_frame(
        tuple((blank | {"sourced_by_id": sdr, "sao_date": day}).values()) for sdr, day, _ in per_day
    )
    repeats = [saos for _, _, saos in per_day]  # the queryset's cached rows, no new query
    return frame.loc[frame.index.repeat(repeats)].reset_index(drop=True)


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


def open_pipeline_summaries(ae_ids: Sequence[int], per_deal: Q, quarter: FiscalQuarter):
    """Open opportunities outside ``per_deal`` as engine rows summed per owner, stage and
    whether they close by quarter end (close_date stands in as the quarter's last day or the
    day after it). One query."""
    by_quarter_end = Q(close_date__lte=quarter.end)
    groups = (
        Opportunity.objects.filter(owner_id__in=ae_ids, stage__in=rules.OPEN_STAGES)
        .exclude(per_deal)
        .annotate(closes_in_quarter=ExpressionWrapper(by_quarter_end, BooleanField()))
        .values("owner_id", "stage", "closes_in_quarter")
        .annotate(total=Sum(amount_cents()))
        .values_list("owner_id", "stage", "closes_in_quarter", "total")
    )
    after_quarter = quarter.end + timedelta(days=1)
    return [
        (None, owner, None, None, False, stage, int(total),
         quarter.end if in_quarter else after_quarter, None)
        for owner, stage, in_quarter, total in groups
    ]  # fmt: skip


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
    facts = person_facts(people)
    inputs = load_inputs(facts, quarter, day, live=day == today(), figures_only=True)
    return rules.compute_quarter(inputs, quarter, day, live=day == today())


def quarter_results_by_day(
    people: Iterable[Person], quarter: FiscalQuarter, days: Sequence[date]
) -> dict[date, list[rules.PersonQuarter]]:
    """``quarter_results`` for several days of one quarter (none after today) from one load of
    the engine's inputs: the same figures, in a fixed number of queries whatever the number of
    people or days."""
    if not days:
        return {}
    if any(not quarter.contains(day) or day > today() for day in days):
        raise ValueError(f"every day must lie in {quarter} and not after today")
    facts = person_facts(people)
    inputs = load_inputs(
        facts, quarter, max(days), live=True, earliest=min(days), summarise_open=True
    )
    ae_ids = [p.id for p in facts if p.role == Role.AE]
    recorded = recorded_values_by_day(ae_ids, "weighted_pipeline", days)
    return {
        day: rules.compute_quarter(
            replace(inputs, recorded_pipeline=recorded.get(day, {})),
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
