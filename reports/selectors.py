"""What each page reads, in a fixed number of queries whatever the team size.

Every figure comes from ``goals.rules``; these functions only load and assemble.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from goals import rules
from goals.calendar import FiscalQuarter, today
from goals.models import Meeting, Opportunity, Snapshot
from goals.selectors import (
    DealRows,
    deal_inputs,
    deal_rows,
    figures_as_of,
    metric_defs,
    person_facts,
    quarter_inputs,
)
from people.models import Person, Role
from people.selectors import UNKNOWN, is_admin, viewer_person, visible_people

from .charts import TrendPoint

REP_ROLES = (Role.AE, Role.SDR)


@dataclass(frozen=True)
class QuarterData:
    """The engine's inputs and results for a set of people, as of D."""

    quarter: FiscalQuarter
    as_of: date | None
    live: bool
    inputs: rules.EngineInputs | None
    results: list[rules.PersonQuarter]
    metrics: dict[str, rules.MetricDef]


def quarter_data(people: Sequence[Person], quarter: FiscalQuarter) -> QuarterData:
    """Load and compute ``people``'s quarter from database totals (no opportunity row is
    loaded); a future quarter has no figures."""
    day = figures_as_of(quarter)
    if day is None:
        return QuarterData(quarter, None, False, None, [], metric_defs())
    inputs = quarter_inputs(person_facts(people), quarter, day)
    return _computed(inputs, quarter, day, day == today())


def _computed(
    inputs: rules.EngineInputs, quarter: FiscalQuarter, day: date, live: bool
) -> QuarterData:
    results = rules.compute_quarter(inputs, quarter, day, live=live)
    return QuarterData(quarter, day, live, inputs, results, dict(inputs.metrics))


# --- one person's quarter -------------------------------------------------------------------


@dataclass(frozen=True)
class DealRow:
    """An opportunity behind a figure, as the page lists it."""

    row: rules.CountedRow
    name: str


@dataclass(frozen=True)
class DealList:
    """The opportunities behind one figure: how many count, and the ones listed (a stretch of
    them in date order, from position ``start``)."""

    count: int
    listed: list[DealRow]
    start: int = 0

    @property
    def complete(self) -> bool:
        return self.start == 0 and len(self.listed) == self.count


# The pipeline chart draws this many of the largest weighted deals.
PIPELINE_BARS = 15


@dataclass(frozen=True)
class PersonPage:
    data: QuarterData
    result: rules.PersonQuarter | None
    deals: dict[str, DealList] = field(default_factory=dict)
    meetings: list[Meeting] = field(default_factory=list)
    trend: dict[str, list[TrendPoint]] = field(default_factory=dict)
    previous_targets: dict[str, Decimal | None] = field(default_factory=dict)
    months: list[rules.MonthAttainment] = field(default_factory=list)
    largest_pipeline: list[DealRow] = field(default_factory=list)
    # Every open deal closing by quarter end (an AE, today only): the deals to close.
    closing: rules.CountedRows = field(default_factory=rules.no_counted_rows)


def person_page(
    person: Person, quarter: FiscalQuarter, *, listed: slice = slice(None)
) -> PersonPage:
    """A rep's quarter with the rows behind each figure (the ``listed`` stretch of each, in
    date order; all by default), the trend and (SDRs) the months."""
    day = figures_as_of(quarter)
    if day is None:
        return PersonPage(quarter_data([person], quarter), None)
    facts = person_facts([person])
    deals = deal_rows(facts, quarter, day)
    masks = None
    if person.role == Role.AE:
        # The masks that pick the deals behind each figure also sum the figures: compute once.
        masks = rules.ae_masks(deals.owned, quarter, day)
    data = _computed(deal_inputs(facts, quarter, day, deals, masks), quarter, day, day == today())
    if not data.results:
        return PersonPage(data, None)
    result = data.results[0]
    previous = quarter.previous()
    previous_targets = {
        f.metric: None
        if quarter.number == 1
        else data.inputs.targets.target(result.person, previous, f.metric)
        for f in result.figures
    }
    trend = snapshot_trend(person.id, result)
    if person.role == Role.AE:
        return _ae_page(data, result, deals, masks, listed, trend, previous_targets)
    return _sdr_page(data, result, deals, listed, trend, previous_targets)


def _ae_page(data, result, deals: DealRows, masks, listed: slice, trend, previous_targets):
    """An AE's page: the deals behind each figure and the largest weighted deals."""
    counted = rules.ae_counted_rows(
        deals.owned,
        data.quarter,
        data.as_of,
        data.inputs.stage_weights,
        live=data.live,
        masks=masks,
    )
    shown = {code: rows[listed] for code, rows in counted.items()}
    pipeline = counted.get("weighted_pipeline")
    largest = pipeline.largest(PIPELINE_BARS) if pipeline is not None else []
    person_id = result.person.id
    names = _opportunity_names(person_id, shown, largest, everything=listed == slice(None))
    start = listed.start or 0
    deal_lists = {
        code: DealList(len(counted[code]), _named(rows, names), start)
        for code, rows in shown.items()
    }
    return PersonPage(
        data,
        result,
        deal_lists,
        trend=trend,
        previous_targets=previous_targets,
        largest_pipeline=_named(largest, names),
        closing=counted.get("open_by_quarter_end") or rules.no_counted_rows(),
    )


def _sdr_page(data, result, deals: DealRows, listed: slice, trend, previous_targets):
    """An SDR's page: the SAOs and meetings behind the figures, and the rolling months."""
    facts, inputs = result.person, data.inputs
    ids = rules.sdr_counted_rows(facts, deals.sourced, inputs.meetings, data.quarter, data.as_of)
    # The ids come in list order: load only the stretch listed.
    saos = (
        Opportunity.objects.filter(id__in=ids["saos"][listed])
        .only("id", "name", "account", "stage", "amount", "sao_date")
        .order_by("sao_date", "id")
    )
    meetings = Meeting.objects.filter(id__in=ids["new_business_meetings"]).order_by("date", "id")
    sao_rows = [
        DealRow(
            rules.CountedRow(o.id, o.account, o.stage, o.amount, None, None, o.sao_date),
            o.name,
        )
        for o in saos
    ]
    months = rules.monthly_sao_attainment(
        facts, inputs.saos.of(facts.id), data.as_of, inputs.targets
    )
    deal_lists = {"saos": DealList(len(ids["saos"]), sao_rows, listed.start or 0)}
    return PersonPage(data, result, deal_lists, list(meetings), trend, previous_targets, months)


def _named(rows: Sequence[rules.CountedRow], names: dict[int, str]) -> list[DealRow]:
    return [DealRow(row, names.get(row.id, "")) for row in rows]


def _opportunity_names(owner_id: int, shown, largest, *, everything: bool) -> dict[int, str]:
    """The names of the listed opportunities in one query: all of the owner's when every row
    is listed (the CSV), else those listed, by primary key."""
    if everything:
        names = Opportunity.objects.filter(owner_id=owner_id)
    else:
        ids = {row.id for rows in shown.values() for row in rows} | {row.id for row in largest}
        names = Opportunity.objects.filter(id__in=ids)
    return dict(names.values_list("id", "name"))


def snapshot_trend(person_id: int, result: rules.PersonQuarter) -> dict[str, list[TrendPoint]]:
    """Per metric, the quarter's snapshots up to D, with D itself from the live figures
    (RULES.md: trend charts read snapshots; the current day is computed live)."""
    quarter, as_of = result.quarter, result.as_of
    rows = Snapshot.objects.filter(
        person_id=person_id, date__range=(quarter.start, as_of)
    ).order_by("date")
    trend: dict[str, list[TrendPoint]] = {f.metric: [] for f in result.figures}
    for metric, on, value, target, pace in rows.values_list(
        "metric_id", "date", "value", "target", "pace"
    ):
        if metric in trend and on != as_of:
            trend[metric].append(TrendPoint(on, value, target, pace))
    if "weighted_pipeline" in trend:
        trend["weighted_pipeline"] = history_trend(person_id, result)
    for figure in result.figures:
        trend[figure.metric].append(TrendPoint(as_of, figure.value, figure.target, figure.pace))
    return trend


def history_trend(person_id: int, result: rules.PersonQuarter) -> list[TrendPoint]:
    """The weighted pipeline of each day of the quarter before D from the deal history
    (RULES.md, Snapshots), from the first observation on; three queries whatever the days."""
    from goals import history_store
    from goals.selectors import stage_weights

    quarter, as_of = result.quarter, result.as_of
    days = [quarter.start + timedelta(days=n) for n in range((as_of - quarter.start).days)]
    figure = result.figure("weighted_pipeline")
    past = history_store.past_pipeline([person_id], quarter.end, days, stage_weights())
    return [
        TrendPoint(day, sums[person_id]["weighted_pipeline"], figure.target, figure.pace)
        for day, sums in past.items()
        if sums is not None
    ]


# --- a manager's team -----------------------------------------------------------------------


def team_members(user) -> list[Person]:
    """The reps a user reviews: a manager's whole tree, everyone for an admin."""
    people = visible_people(user).filter(role__in=REP_ROLES, is_active=True)
    return list(people.order_by("name"))


@dataclass(frozen=True)
class TeamRow:
    """One person's line of a team table: their figures in the table's column order."""

    result: rules.PersonQuarter
    cells: tuple[tuple[str, rules.MetricDef, rules.Figure | None], ...]


@dataclass(frozen=True)
class TeamTable:
    """A role's table: its metrics as columns, a row per person and the team totals."""

    columns: tuple[tuple[str, rules.MetricDef], ...]
    rows: tuple[TeamRow, ...]
    totals: tuple[tuple[str, rules.MetricDef, rules.TeamTotal | None], ...]


@dataclass(frozen=True)
class TeamReview:
    data: QuarterData
    by_role: dict[str, list[rules.PersonQuarter]]
    totals: dict[str, list[rules.TeamTotal]]
    coaching_on_target: list[rules.PersonQuarter]
    coaching_on_pace: list[rules.PersonQuarter]
    tables: dict[str, TeamTable] = field(default_factory=dict)


def team_table(
    results: list[rules.PersonQuarter],
    metrics: dict[str, rules.MetricDef],
    totals: list[rules.TeamTotal],
) -> TeamTable:
    """The rows and cells of a role's table, laid out here so the template only prints."""
    columns = tuple(metrics.items())
    by_code = {total.metric: total for total in totals}
    rows = tuple(
        TeamRow(r, tuple((code, metric, r.figure(code)) for code, metric in columns))
        for r in results
    )
    return TeamTable(
        columns, rows, tuple((code, metric, by_code.get(code)) for code, metric in columns)
    )


def team_review(user, quarter: FiscalQuarter) -> TeamReview:
    """The reps below ``user`` with their figures, per-role totals and the coaching lists."""
    data = quarter_data(team_members(user), quarter)
    by_role = {
        role: [r for r in data.results if r.person.role == role]
        for role in REP_ROLES
        if any(r.person.role == role for r in data.results)
    }
    role_metrics = {
        role: {c: m for c, m in data.metrics.items() if m.role == role} for role in by_role
    }
    totals = {
        role: rules.team_totals(results, role_metrics[role]) for role, results in by_role.items()
    }
    return TeamReview(
        data,
        by_role,
        totals,
        [r for r in data.results if r.coaching_on_target],
        [r for r in data.results if r.coaching_on_pace],
        {
            role: team_table(results, role_metrics[role], totals[role])
            for role, results in by_role.items()
        },
    )


# --- SDRs by segment ------------------------------------------------------------------------


@dataclass(frozen=True)
class SdrOverview:
    data: QuarterData
    by_segment: dict[str, list[rules.PersonQuarter]]
    totals: dict[str, list[rules.TeamTotal]]
    months: dict[int, list[rules.MonthAttainment]]


def sdr_overview(user, quarter: FiscalQuarter) -> SdrOverview:
    """The SDRs a user can see, grouped by segment, with each SDR's rolling months."""
    people = visible_people(user).filter(role=Role.SDR, is_active=True).order_by("name")
    data = quarter_data(list(people), quarter)
    by_segment: dict[str, list[rules.PersonQuarter]] = {}
    for result in data.results:
        by_segment.setdefault(result.person.sdr_segment, []).append(result)
    sdr_metrics = {c: m for c, m in data.metrics.items() if m.role == Role.SDR}
    totals = {seg: rules.team_totals(rs, sdr_metrics) for seg, rs in by_segment.items()}
    months = {}
    if data.inputs is not None:
        for result in data.results:
            months[result.person.id] = rules.monthly_sao_attainment(
                result.person,
                data.inputs.saos.of(result.person.id),
                data.as_of,
                data.inputs.targets,
            )
    return SdrOverview(data, by_segment, totals, months)


# --- leaderboard ----------------------------------------------------------------------------


def viewer_role(user, person: Person | None | object = UNKNOWN) -> str | None:
    """The viewer's role, ``admin`` for a superuser (``person``: the user's, if known)."""
    if person is UNKNOWN:
        person = viewer_person(user)
    if is_admin(user, person):
        return Role.ADMIN
    return person.role if person else None


def leaderboards(quarter: FiscalQuarter) -> tuple[QuarterData, dict[str, list]]:
    """Every active rep ranked per role by the role's leaderboard metric."""
    people = Person.objects.filter(role__in=REP_ROLES, is_active=True).order_by("name")
    data = quarter_data(list(people), quarter)
    boards = {role: rules.leaderboard(data.results, role) for role in REP_ROLES}
    return data, {role: ranked for role, ranked in boards.items() if ranked}
