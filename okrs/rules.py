"""The OKR rules (issue 10), as plain functions over plain data, beside ``goals.rules``.

Progress of a key result from its kind, the three key results Pacer computes from the sales
data, and the confidence trend. Nothing here touches the database: ``okrs.okrs`` loads the
inputs in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from goals.calendar import FiscalQuarter

HUNDRED = Decimal(100)
STAGE_4_PLUS = frozenset({"4", "5", "6", "won"})
# Issue 10: "large enterprise" is an account attribute, e.g. employee count >= 5,000.
DEFAULT_LARGE_ENTERPRISE_EMPLOYEES = 5_000

NUMERIC, SCORE, MILESTONE = "numeric", "score", "milestone"
TARGET_ACCOUNT_SAOS = "target_account_saos"
LARGE_ENTERPRISE_STAGE_4 = "large_enterprise_stage_4"
LARGE_ENTERPRISE_LOGOS = "large_enterprise_logos"
# Linked key results whose value is the data as last imported (no stage history), so an
# earlier day's value is read from that day's snapshot, like weighted_pipeline (RULES.md).
POINT_IN_TIME_LINKS = frozenset({LARGE_ENTERPRISE_STAGE_4})


# --- inputs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deal:
    """What the linked key results need to know about an opportunity."""

    account: str
    is_new_business: bool
    stage: str
    close_date: date
    sao_date: date | None = None


@dataclass(frozen=True)
class AccountFacts:
    """An account of the uploaded list: on the target list or not, and its employee count."""

    name: str
    is_target: bool = True
    employee_count: int | None = None


@dataclass(frozen=True)
class CheckInFacts:
    key_result_id: int
    date: date
    confidence: int


def account_key(name: str) -> str:
    """Accounts match ignoring case and surrounding or repeated spaces (one account = one
    logo, RULES.md)."""
    return " ".join((name or "").split()).casefold()


def target_accounts(accounts: Iterable[AccountFacts]) -> frozenset[str]:
    return frozenset(account_key(a.name) for a in accounts if a.is_target)


def large_enterprises(
    accounts: Iterable[AccountFacts], min_employees: int = DEFAULT_LARGE_ENTERPRISE_EMPLOYEES
) -> frozenset[str]:
    """Accounts whose employee count is at least ``min_employees``."""
    return frozenset(
        account_key(a.name)
        for a in accounts
        if a.employee_count is not None and a.employee_count >= min_employees
    )


# --- progress -------------------------------------------------------------------------------


def progress(
    kind: str,
    *,
    current: Decimal | None = None,
    done: bool | None = None,
    start: Decimal | None = None,
    target: Decimal | None = None,
) -> Decimal | None:
    """Progress toward the target in percent (may pass 100), or None when it cannot be known.

    numeric: (current − start) ÷ (target − start), so a falling target (time-to-fill ≤ 45
    days) works too; score or percentage: current ÷ target; milestone: 100 done, else 0.
    Progress never goes below 0.
    """
    if kind == MILESTONE:
        return HUNDRED if done else Decimal(0)
    if current is None or target is None:
        return None
    if kind == SCORE:
        if target == 0:
            return None
        return max(Decimal(0), current / target * HUNDRED)
    if kind == NUMERIC:
        if start is None:
            return None
        if target == start:
            return HUNDRED if current == target else Decimal(0)
        return max(Decimal(0), (current - start) / (target - start) * HUNDRED)
    raise ValueError(f"unknown key result kind {kind!r}")


# --- linked key results ---------------------------------------------------------------------


def target_account_saos(
    deals: Iterable[Deal], targets: frozenset[str], quarter: FiscalQuarter, as_of: date
) -> int:
    """New business opportunities on a target account that became SAOs in the quarter up to
    D (seed 002: "Generate N new business SAOs among our target accounts")."""
    return sum(
        1
        for d in deals
        if d.is_new_business
        and d.sao_date is not None
        and quarter.start <= d.sao_date <= as_of
        and account_key(d.account) in targets
    )


def large_enterprise_stage_4(
    deals: Iterable[Deal], large: frozenset[str], quarter: FiscalQuarter
) -> int:
    """Large enterprise opportunities now at Stage 4 or beyond (open 4-6 or won) with a close
    date in the quarter's fiscal year (seed 002: "Advance N … to Stage 4+ with FY22 Close
    Date")."""
    fiscal_year = quarter.fiscal_year
    return sum(
        1
        for d in deals
        if d.stage in STAGE_4_PLUS
        and fiscal_year.start <= d.close_date <= fiscal_year.end
        and account_key(d.account) in large
    )


def large_enterprise_logos(
    deals: Iterable[Deal], large: frozenset[str], quarter: FiscalQuarter, as_of: date
) -> int:
    """Distinct large enterprise accounts among new business opportunities won in the quarter
    up to D (seed 002: "Land N Large Enterprise Logos")."""
    return len(
        {
            account_key(d.account)
            for d in deals
            if d.is_new_business
            and d.stage == "won"
            and quarter.start <= d.close_date <= as_of
            and account_key(d.account) in large
        }
    )


def linked_value(
    link: str,
    deals: Iterable[Deal],
    accounts: Iterable[AccountFacts],
    quarter: FiscalQuarter,
    as_of: date,
    min_employees: int = DEFAULT_LARGE_ENTERPRISE_EMPLOYEES,
) -> Decimal:
    """The value of one linked key result as of D."""
    if link == TARGET_ACCOUNT_SAOS:
        return Decimal(target_account_saos(deals, target_accounts(accounts), quarter, as_of))
    large = large_enterprises(accounts, min_employees)
    if link == LARGE_ENTERPRISE_STAGE_4:
        return Decimal(large_enterprise_stage_4(deals, large, quarter))
    if link == LARGE_ENTERPRISE_LOGOS:
        return Decimal(large_enterprise_logos(deals, large, quarter, as_of))
    raise ValueError(f"unknown linked key result {link!r}")


def moved(now: Decimal | None, week_ago: Decimal | None) -> Decimal | None:
    """How far a linked key result moved since last week; None when either end is unknown."""
    if now is None or week_ago is None:
        return None
    return now - week_ago


# --- confidence -----------------------------------------------------------------------------


def week_ends(quarter: FiscalQuarter, as_of: date) -> list[date]:
    """Each seventh day from the quarter's start, up to D, and D itself."""
    days, day = [], quarter.start + timedelta(days=6)
    while day < min(as_of, quarter.end):
        days.append(day)
        day += timedelta(days=7)
    days.append(min(as_of, quarter.end))
    return days


def confidence_trend(
    check_ins: Iterable[CheckInFacts], days: Iterable[date]
) -> list[tuple[date, Decimal | None]]:
    """For each day, the mean of each key result's latest confidence so far (key results not
    yet checked in are left out; None when none has been)."""
    ordered = sorted(check_ins, key=lambda c: c.date)
    points, latest, index = [], {}, 0
    for day in sorted(days):
        while index < len(ordered) and ordered[index].date <= day:
            latest[ordered[index].key_result_id] = ordered[index].confidence
            index += 1
        mean = Decimal(sum(latest.values())) / len(latest) if latest else None
        points.append((day, mean))
    return points
