"""What the deals-to-close lists and the coaching list read, in a fixed number of queries.

The rules are ``goals.closing`` and ``goals.coaching``; these functions only load and assemble.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count

from goals import closing, coaching, rules
from goals.models import CoachingStatus, Opportunity
from goals.selectors import counts_filter, summed_cents

from .selectors import PersonPage, TeamReview

# The rep page lists this many deals to close; the CSV has them all.
CLOSING_LIMIT = 50


@dataclass(frozen=True)
class DealToClose:
    """An open deal closing by quarter end, as the rep page lists it."""

    row: rules.CountedRow
    name: str
    past_due: bool
    salesforce_url: str = ""
    external_id: str = ""  # the deal timeline's key (issue 15)


@dataclass(frozen=True)
class DealsToClose:
    """The deals to close in the order asked for (the first ``CLOSING_LIMIT``), how many there
    are and their amount, and the past-due ones among them."""

    sort: str
    listed: list[DealToClose]
    count: int
    amount: Decimal
    past_due: closing.PastDue

    @property
    def sort_label(self) -> str:
        return closing.SORTS[self.sort][0]


def salesforce_url(external_id: str) -> str:
    """The Salesforce record of an opportunity, when ``SALESFORCE_INSTANCE_URL`` is set."""
    base = settings.SALESFORCE_INSTANCE_URL
    return f"{base}/{external_id}" if base and external_id else ""


def deals_to_close(page: PersonPage, sort: str | None) -> DealsToClose | None:
    """The page's open deals closing by quarter end, sorted; None when there is no such list
    (an SDR, or a day other than today). One query, for the deals' names and Salesforce ids."""
    if page.result is None or page.result.look_ahead is None:
        return None
    as_of, rows = page.result.as_of, page.closing
    chosen = closing.sort_key(sort)
    listed = closing.sorted_deals(rows, chosen)[:CLOSING_LIMIT]
    # The listed ids only (at most CLOSING_LIMIT rows); with none listed an id no row has, as
    # an empty list would skip the query and the page's query count must not depend on data.
    found = Opportunity.objects.filter(id__in=[row.id for row in listed] or [0])
    names = {
        pk: (name, sf_id) for pk, name, sf_id in found.values_list("id", "name", "external_id")
    }
    return DealsToClose(
        sort=chosen,
        listed=[
            DealToClose(
                row,
                names.get(row.id, ("", ""))[0],
                closing.is_past_due(row, as_of),
                salesforce_url(names.get(row.id, ("", ""))[1]),
                names.get(row.id, ("", ""))[1],
            )
            for row in listed
        ],
        count=len(rows),
        amount=rows.total_amount(),
        past_due=closing.past_due(rows, as_of),
    )


def past_due_by_owner(owner_ids: Sequence[int], as_of: date) -> dict[int, closing.PastDue]:
    """Per AE, their past-due open deals as of D, counted and summed by the database from the
    engine's ``closing.past_due_counts``. One query."""
    condition = counts_filter(closing.past_due_counts(as_of))
    rows = (
        Opportunity.objects.filter(condition, owner_id__in=owner_ids)
        .order_by()
        .values("owner_id")
        .annotate(number=Count("id"), total=summed_cents(condition))
        .values_list("owner_id", "number", "total")
    )
    return {owner: closing.PastDue(n, rules.cents(total or 0)) for owner, n, total in rows}


def team_past_due(review: TeamReview) -> dict[int, closing.PastDue]:
    """Each AE of the review's past-due deals; only for today (an open deal's close date is
    past only against the live day)."""
    ae_ids = [r.person.id for r in review.by_role.get("ae", [])]
    if not review.data.live or not ae_ids:
        return {}
    return past_due_by_owner(ae_ids, review.data.as_of)


@dataclass(frozen=True)
class CoachingLine:
    """One rep of the manager's coaching list: the status on the configured basis and how
    long the flag has been on."""

    result: rules.PersonQuarter
    status: coaching.CoachingStatus
    since: date | None
    days: int | None


def coaching_lines(review: TeamReview, basis: str) -> list[CoachingLine]:
    """The reps flagged on ``basis``, each with their misses and the first day of the flag's
    current run, from the quarter's recorded coaching statuses. One query, for the whole team
    whoever is flagged: the page's query count must not depend on the data."""
    data = review.data
    if not data.results or data.as_of is None:
        return []
    flagged = [r for r in data.results if r.coaching(basis)]
    recorded: dict[int, list[tuple[date, bool]]] = {}
    days = CoachingStatus.objects.filter(
        person_id__in=[r.person.id for r in data.results],
        date__range=(data.quarter.start, data.as_of),
    ).values_list("person_id", "date", "on_pace" if basis == "pace" else "on_target")
    for person_id, day, on in days:
        recorded.setdefault(person_id, []).append((day, on))
    lines = []
    for result in flagged:
        since = coaching.flag_on_since(recorded.get(result.person.id, []), data.as_of, True)
        status = coaching.coaching_status(result, basis)
        lines.append(CoachingLine(result, status, since, coaching.days_on(since, data.as_of)))
    return lines
