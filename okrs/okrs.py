"""Company OKRs: selectors (read a quarter's OKRs in a fixed number of queries) and services
(check-ins, the target-account list, the nightly refresh of linked key results).

Every figure comes from ``okrs.rules``; nothing here decides one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from goals.calendar import FiscalQuarter, today
from goals.models import Opportunity, OpportunityType
from people.models import Role
from people.selectors import is_admin, viewer_person

from . import rules as okr_rules
from .models import (
    CheckIn,
    DepartmentQuarter,
    KeyResult,
    KeyResultSnapshot,
    ObjectiveKeyResult,
    TargetAccount,
)

WEEK = timedelta(days=7)


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyResultStatus:
    """A key result as of D: its figures from its kind, its latest check-in, and for a linked
    one the change since last week."""

    id: int
    code: str
    title: str
    kind: str
    link: str
    owner: str
    owner_id: int | None
    start: Decimal | None
    target: Decimal | None
    stretch: Decimal | None
    scale_max: Decimal | None
    target_placeholder: str
    stretch_placeholder: str
    current: Decimal | None
    done: bool | None
    progress: Decimal | None
    stretch_progress: Decimal | None
    confidence: int | None
    checked_in: date | None
    comment: str = ""
    checked_in_by: str = ""
    week_ago: Decimal | None = None
    moved: Decimal | None = None

    @property
    def target_set(self) -> bool:
        return self.kind == okr_rules.MILESTONE or self.target is not None


@dataclass(frozen=True)
class ObjectiveOkrs:
    id: int
    title: str
    why: str
    key_results: tuple[tuple[str, KeyResultStatus], ...]  # (the department's wording, status)


@dataclass(frozen=True)
class DepartmentOkrs:
    name: str
    why: str
    objectives: tuple[ObjectiveOkrs, ...]


@dataclass(frozen=True)
class QuarterOkrs:
    quarter: FiscalQuarter
    as_of: date | None
    departments: tuple[DepartmentOkrs, ...]
    key_results: dict[int, KeyResultStatus] = field(default_factory=dict)
    confidence_trend: tuple[tuple[date, Decimal | None], ...] = ()
    # The same trend over each department's key results: (department name, trend).
    department_confidence: tuple[tuple[str, tuple[tuple[date, Decimal | None], ...]], ...] = ()

    @property
    def has_check_ins(self) -> bool:
        return any(mean is not None for _, mean in self.confidence_trend)

    @property
    def moved_since_last_week(self) -> list[KeyResultStatus]:
        return [kr for kr in self.key_results.values() if kr.moved]


# --- selectors ------------------------------------------------------------------------------


def okr_quarters() -> list[FiscalQuarter]:
    """The quarters that have OKRs, oldest first."""
    # order_by(): the default ordering (department position) would defeat distinct()
    pairs = DepartmentQuarter.objects.order_by().values_list("fiscal_year", "quarter").distinct()
    return sorted(FiscalQuarter(year, number) for year, number in pairs)


def quarter_okrs(quarter: FiscalQuarter, as_of: date | None = None) -> QuarterOkrs:
    """Departments, objectives and each key result's status for ``quarter`` as of D (today for
    the current quarter, the last day of a past one; a future quarter has no figures)."""
    day = today()
    as_of = as_of if as_of is not None else quarter.as_of(day)
    plans = list(
        DepartmentQuarter.objects.filter(fiscal_year=quarter.year, quarter=quarter.number)
        .select_related("department")
        .prefetch_related("objectives")
    )
    links = list(
        ObjectiveKeyResult.objects.filter(objective__plan__in=plans)
        .select_related("key_result__owner")
        .order_by("objective_id", "position")
    )
    key_results = {link.key_result_id: link.key_result for link in links}
    statuses = key_result_statuses(list(key_results.values()), quarter, as_of, live=as_of == day)
    by_objective: dict[int, list[tuple[str, KeyResultStatus]]] = {}
    for link in links:
        status = statuses[link.key_result_id]
        by_objective.setdefault(link.objective_id, []).append(
            (link.wording or status.title, status)
        )
    departments = tuple(
        DepartmentOkrs(
            name=plan.department.name,
            why=plan.why,
            objectives=tuple(
                ObjectiveOkrs(o.id, o.title, o.why, tuple(by_objective.get(o.id, ())))
                for o in plan.objectives.all()
            ),
        )
        for plan in sorted(plans, key=lambda p: (p.department.position, p.department.name))
    )
    if as_of is None:
        return QuarterOkrs(quarter, as_of, departments, statuses)
    check_ins = check_in_facts(statuses, as_of)
    days = okr_rules.week_ends(quarter, as_of)
    by_department = tuple(
        (department.name, _trend(check_ins, _key_result_ids(department), days))
        for department in departments
    )
    trend = tuple(okr_rules.confidence_trend(check_ins, days))
    return QuarterOkrs(quarter, as_of, departments, statuses, trend, by_department)


def _trend(
    check_ins: list[okr_rules.CheckInFacts], ids: set[int], days: list[date]
) -> tuple[tuple[date, Decimal | None], ...]:
    return tuple(okr_rules.confidence_trend([c for c in check_ins if c.key_result_id in ids], days))


def _key_result_ids(department: DepartmentOkrs) -> set[int]:
    return {status.id for o in department.objectives for _, status in o.key_results}


def key_result_statuses(
    key_results: Sequence[KeyResult], quarter: FiscalQuarter, as_of: date | None, *, live: bool
) -> dict[int, KeyResultStatus]:
    """Each key result's status as of D, in a fixed number of queries."""
    ids = [kr.id for kr in key_results]
    latest: dict[int, CheckIn] = {}
    if as_of is not None and ids:
        check_ins = CheckIn.objects.filter(key_result_id__in=ids, date__lte=as_of)
        for check_in in check_ins.select_related("author"):
            latest[check_in.key_result_id] = check_in  # ordered by date, so the last wins
    linked = [kr for kr in key_results if kr.link]
    now: dict[int, Decimal | None] = {}
    week_ago: dict[int, Decimal] = {}
    if as_of is not None and linked:
        now = linked_values(linked, quarter, as_of, live=live)
        week_ago = recorded_values([kr.id for kr in linked], as_of - WEEK)
    return {
        kr.id: _status(kr, latest.get(kr.id), now.get(kr.id), week_ago.get(kr.id))
        for kr in key_results
    }


def _status(
    kr: KeyResult, check_in: CheckIn | None, linked: Decimal | None, week_ago: Decimal | None
) -> KeyResultStatus:
    current = linked if kr.link else (check_in.value if check_in else None)
    done = check_in.done if check_in else None
    return KeyResultStatus(
        id=kr.id,
        code=kr.code,
        title=kr.title,
        kind=kr.kind,
        link=kr.link,
        owner=kr.owner.name if kr.owner else "",
        owner_id=kr.owner_id,
        start=kr.start,
        target=kr.target,
        stretch=kr.stretch,
        scale_max=kr.scale_max,
        target_placeholder=kr.target_placeholder,
        stretch_placeholder=kr.stretch_placeholder,
        current=current,
        done=done,
        progress=okr_rules.progress(
            kr.kind, current=current, done=done, start=kr.start, target=kr.target
        ),
        stretch_progress=(
            okr_rules.progress(kr.kind, current=current, start=kr.start, target=kr.stretch)
            if kr.stretch is not None and kr.kind != okr_rules.MILESTONE
            else None
        ),
        confidence=check_in.confidence if check_in else None,
        checked_in=check_in.date if check_in else None,
        comment=check_in.comment if check_in else "",
        checked_in_by=check_in.author.get_username() if check_in and check_in.author else "",
        week_ago=week_ago if kr.link else None,
        moved=okr_rules.moved(linked, week_ago) if kr.link else None,
    )


def check_in_facts(
    statuses: dict[int, KeyResultStatus], as_of: date
) -> list[okr_rules.CheckInFacts]:
    rows = CheckIn.objects.filter(key_result_id__in=list(statuses), date__lte=as_of).values_list(
        "key_result_id", "date", "confidence"
    )
    return [okr_rules.CheckInFacts(*row) for row in rows]


def large_enterprise_employees() -> int:
    return settings.LARGE_ENTERPRISE_EMPLOYEES


def account_facts() -> list[okr_rules.AccountFacts]:
    rows = TargetAccount.objects.values_list("name", "is_target", "employee_count")
    return [okr_rules.AccountFacts(*row) for row in rows]


def deal_facts(quarter: FiscalQuarter, as_of: date) -> list[okr_rules.Deal]:
    """A superset of the opportunities the linked key results may count (one query)."""
    fiscal_year = (quarter.fiscal_year.start, quarter.fiscal_year.end)
    rows = Opportunity.objects.filter(
        Q(type=OpportunityType.NEW_BUSINESS, sao_date__range=(quarter.start, as_of))
        | Q(stage__in=okr_rules.STAGE_4_PLUS, close_date__range=fiscal_year)
    ).values_list("account", "type", "stage", "close_date", "sao_date")
    return [
        okr_rules.Deal(account, kind == OpportunityType.NEW_BUSINESS, stage, close, sao)
        for account, kind, stage, close, sao in rows
    ]


def linked_values(
    key_results: Iterable[KeyResult], quarter: FiscalQuarter, as_of: date, *, live: bool
) -> dict[int, Decimal | None]:
    """Linked key results' values as of D. A point-in-time one (Stage 4+ now) for an earlier
    day is that day's snapshot, never reconstructed (RULES.md, Snapshots)."""
    key_results = list(key_results)
    deals, accounts = deal_facts(quarter, as_of), account_facts()
    recorded = {} if live else recorded_values([kr.id for kr in key_results], as_of, exact=True)
    values: dict[int, Decimal | None] = {}
    for kr in key_results:
        if not live and kr.link in okr_rules.POINT_IN_TIME_LINKS:
            values[kr.id] = recorded.get(kr.id)
            continue
        values[kr.id] = okr_rules.linked_value(
            kr.link, deals, accounts, quarter, as_of, large_enterprise_employees()
        )
    return values


def recorded_values(ids: Sequence[int], day: date, *, exact: bool = False) -> dict[int, Decimal]:
    """Each key result's snapshot on ``day`` or, unless ``exact``, the latest in the week
    before it (a missed nightly run does not hide last week's value)."""
    days = (day, day) if exact else (day - WEEK, day)
    rows = KeyResultSnapshot.objects.filter(key_result_id__in=ids, date__range=days).order_by(
        "date"
    )
    # ordered by date, so each key result's latest snapshot wins
    return dict(rows.values_list("key_result_id", "value"))


@dataclass(frozen=True)
class ViewerOkrs:
    """A quarter's OKRs as one viewer sees them: every check-in up to D, the key results the
    viewer may check in on now, and the quarters that have OKRs."""

    okrs: QuarterOkrs
    check_ins: tuple[CheckIn, ...]
    can_check_in: frozenset[int]
    quarters: tuple[FiscalQuarter, ...]


def viewer_okrs(user, quarter: FiscalQuarter) -> ViewerOkrs:
    """``quarter_okrs`` with its check-ins (oldest first) and what ``user`` may check in on,
    in a fixed number of queries."""
    result = quarter_okrs(quarter)
    check_ins: tuple[CheckIn, ...] = ()
    if result.as_of is not None:
        rows = CheckIn.objects.filter(
            key_result_id__in=list(result.key_results), date__lte=result.as_of
        ).order_by("date", "created_at", "id")
        check_ins = tuple(rows.select_related("author"))
    can = frozenset(open_for_check_in(user, result))
    return ViewerOkrs(result, check_ins, can, tuple(okr_quarters()))


def open_for_check_in(user, result: QuarterOkrs) -> set[int]:
    """The key results of ``result`` that ``user`` may check in on now: a check-in is dated
    today, so only in the quarter holding today (one query)."""
    if not result.quarter.contains(today()):
        return set()
    return check_in_ids(user, {kr.id: kr.owner_id for kr in result.key_results.values()})


def can_check_in(user, key_result: KeyResult) -> bool:
    """Admins, managers and the key result's owner may check in."""
    return key_result.id in check_in_ids(user, {key_result.id: key_result.owner_id})


def check_in_ids(user, owners: dict[int, int | None]) -> set[int]:
    """Of the key results given as {id: owner id}, those ``user`` may check in (one query)."""
    person = viewer_person(user)
    if is_admin(user, person) or (person is not None and person.role == Role.MANAGER):
        return set(owners)
    if person is None:
        return set()
    return {kr_id for kr_id, owner_id in owners.items() if owner_id == person.id}


# --- services -------------------------------------------------------------------------------


def record_check_in(
    *,
    key_result: KeyResult,
    author,
    day: date,
    confidence: int,
    value: Decimal | None = None,
    done: bool | None = None,
    comment: str = "",
) -> CheckIn:
    """Record a check-in. A linked key result's value comes from the data, so only its
    confidence and comment are kept; a milestone records done or not done."""
    if not 0 <= confidence <= 10:
        raise ValidationError("Confidence is 0 to 10.")
    quarter = FiscalQuarter(key_result.fiscal_year, key_result.quarter)
    if not quarter.contains(day):
        raise ValidationError(f"Check-ins on a {quarter} key result are for days of {quarter}.")
    if key_result.link:
        value = None
    if key_result.kind == okr_rules.MILESTONE:
        value, done = None, bool(done)
    else:
        done = None
    return CheckIn.objects.create(
        key_result=key_result,
        author=author,
        date=day,
        confidence=confidence,
        value=value,
        done=done,
        comment=comment,
    )


ACCOUNT_COLUMNS = ("account name", "account", "name")
EMPLOYEE_COLUMNS = ("employees", "employee count", "numberofemployees", "number of employees")


@dataclass(frozen=True)
class AccountImport:
    accounts: int
    errors: tuple[str, ...]


def import_target_accounts(text: str) -> AccountImport:
    """Replace the target-account list with a CSV (columns "Account Name" and "Employees"). A
    row with a bad employee count is reported and the whole upload refused."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = {(name or "").strip().casefold(): name for name in reader.fieldnames or ()}
    name_column = next((columns[c] for c in ACCOUNT_COLUMNS if c in columns), None)
    size_column = next((columns[c] for c in EMPLOYEE_COLUMNS if c in columns), None)
    if name_column is None:
        return AccountImport(0, ('The file needs an "Account Name" column.',))
    accounts: dict[str, TargetAccount] = {}
    errors: list[str] = []
    for line, row in enumerate(reader, start=2):
        name = " ".join((row.get(name_column) or "").split())
        if not name:
            continue
        try:
            size = _employee_count(row.get(size_column) if size_column else None)
        except ValueError as error:
            errors.append(f"line {line}: {error}")
            continue
        key = okr_rules.account_key(name)
        accounts[key] = TargetAccount(name=name, key=key, employee_count=size)
    if errors:
        return AccountImport(0, tuple(errors))
    with transaction.atomic():
        TargetAccount.objects.all().delete()
        TargetAccount.objects.bulk_create(accounts.values())
    return AccountImport(len(accounts), ())


def _employee_count(text: str | None) -> int | None:
    cleaned = (text or "").replace(",", "").strip()
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an employee count") from None
    if number < 0 or number != number.to_integral_value():
        raise ValueError(f"{text!r} is not an employee count")
    return int(number)


def refresh_linked_key_results(day: date) -> int:
    """Store each linked key result's value on ``day`` for the quarter holding it; running it
    twice changes nothing. The nightly recompute calls this. Returns the rows written."""
    quarter = FiscalQuarter.containing(day)
    key_results = list(
        KeyResult.objects.filter(fiscal_year=quarter.year, quarter=quarter.number).exclude(link="")
    )
    if not key_results:
        return 0
    values = linked_values(key_results, quarter, day, live=True)
    with transaction.atomic():
        KeyResultSnapshot.objects.filter(key_result__in=key_results, date=day).delete()
        KeyResultSnapshot.objects.bulk_create(
            KeyResultSnapshot(key_result_id=kr_id, date=day, value=value)
            for kr_id, value in values.items()
        )
    return len(values)
