"""Selectors: scope of what a user may see, and the engine's fixed number of queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.calendar import FiscalQuarter
from goals.models import Snapshot
from goals.selectors import quarter_results
from people.models import Person
from people.selectors import visible_people
from tests.factories import MeetingFactory, OpportunityFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
Q3 = FiscalQuarter(2024, 3)


def build_org(size: int) -> list[Person]:
    people = []
    for index in range(size):
        if index % 3 == 2:
            person = PersonFactory(role="sdr", sdr_segment="outbound")
            OpportunityFactory(sourced_by=person, sao_date=date(2023, 8, 5))
            MeetingFactory(sdr=person)
        else:
            person = PersonFactory(role="ae")
            OpportunityFactory(owner=person, stage="won", close_date=date(2023, 8, 3))
            OpportunityFactory(owner=person, stage="4")
        people.append(person)
    return people


def count_queries(people, as_of) -> int:
    with CaptureQueriesContext(connection) as context:
        quarter_results(people, Q3, as_of)
    return len(context.captured_queries)


@pytest.mark.parametrize("as_of", [date(2023, 9, 15), date(2023, 9, 1)])
def test_engine_queries_do_not_grow_with_people(today, as_of):
    today(date(2023, 9, 15))
    small, large = build_org(3), build_org(300)
    assert count_queries(small, as_of) == count_queries(small + large, as_of)


def test_figures_for_many_people_match_one_at_a_time(today):
    today(date(2023, 9, 15))
    people = build_org(9)
    together = {r.person.id: r.figures for r in quarter_results(people, Q3)}
    for person in people:
        assert quarter_results([person], Q3)[0].figures == together[person.id]


def test_past_quarter_is_computed_as_of_its_last_day(today):
    today(date(2024, 3, 1))
    ae = PersonFactory(role="ae")
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("5.00"), close_date=date(2023, 10, 31))
    OpportunityFactory(owner=ae, stage="won", amount=Decimal("7.00"), close_date=date(2023, 11, 1))
    Snapshot.objects.create(
        person=ae, metric_id="weighted_pipeline", date=date(2023, 10, 31), value=Decimal("123.00")
    )
    [result] = quarter_results([ae], Q3)
    assert result.as_of == date(2023, 10, 31)
    assert result.figure("closed_won_acv").value == Decimal("5.00")
    assert result.figure("weighted_pipeline").value == Decimal("123.00")


def test_future_quarter_has_no_figures(today):
    today(date(2023, 9, 15))
    assert quarter_results([PersonFactory(role="ae")], FiscalQuarter(2024, 4)) == []


def test_fifteen_and_eighteen_character_ids_are_one_opportunity():
    from django.db import IntegrityError

    from goals.salesforce import to_18_char_id

    OpportunityFactory(external_id=to_18_char_id("0065b00000AbCdE"))
    with pytest.raises(IntegrityError):
        OpportunityFactory(external_id=to_18_char_id("0065b00000AbCdEAAV"))


def test_manager_sees_their_whole_tree_and_no_one_else():
    boss = PersonFactory(role="manager", user=UserFactory())
    lead = PersonFactory(role="manager", manager=boss)
    rep = PersonFactory(role="ae", manager=lead)
    outsider = PersonFactory(role="ae")
    visible = set(visible_people(boss.user))
    assert visible == {boss, lead, rep}
    assert outsider not in visible


def test_rep_sees_only_themselves():
    rep = PersonFactory(role="ae", user=UserFactory())
    PersonFactory(role="ae")
    assert list(visible_people(rep.user)) == [rep]


def test_admin_sees_everyone():
    admin = PersonFactory(role="admin", user=UserFactory())
    PersonFactory(role="ae")
    assert visible_people(admin.user).count() == 2


def test_cycle_in_the_tree_does_not_hang():
    a = PersonFactory(role="manager", user=UserFactory())
    b = PersonFactory(role="manager", manager=a)
    a.manager = b
    a.save()
    assert set(visible_people(a.user)) == {a, b}


def test_summarised_open_pipeline_gives_the_same_figures(today):
    from dataclasses import replace

    from goals import rules
    from goals.selectors import (
        deal_inputs,
        deal_rows,
        open_pipeline_totals,
        opportunity_rows,
        per_deal_filter,
        person_facts,
        raw_rows,
    )

    today(date(2023, 9, 15))
    people = build_org(6)
    ae = people[0]
    # Open deals of every kind: closing in the quarter, after it, overdue; new business
    # accepted this year (counted per deal) and not; cents that must not be lost.
    for stage, close, kind, sao in [
        ("2", date(2023, 10, 31), "expansion", None),
        ("2", date(2023, 9, 30), "expansion", None),
        ("2", date(2023, 8, 30), "new_business", None),
        ("5", date(2023, 11, 1), "expansion", None),
        ("6", date(2023, 5, 1), "new_business", None),
        ("4", date(2023, 10, 1), "new_business", date(2023, 3, 3)),
        ("3", date(2023, 12, 1), "new_business", date(2022, 12, 1)),
    ]:
        OpportunityFactory(
            owner=ae,
            stage=stage,
            close_date=close,
            type=kind,
            sao_date=sao,
            amount=Decimal("1234.57"),
        )
    facts = person_facts(people)
    # quarter_results_by_day's shape: the dated deals as rows, the open pipeline as totals.
    ae_ids = [p.id for p in facts if p.role == "ae"]
    open_pipeline = open_pipeline_totals(ae_ids, Q3)
    for as_of, live in ((date(2023, 9, 15), True), (date(2023, 9, 1), False)):
        deals = deal_rows(facts, Q3, as_of)
        exact = deal_inputs(facts, Q3, as_of, deals)
        dated = rules.opportunity_frame(
            raw_rows(
                opportunity_rows(per_deal_filter(Q3, as_of), owner_id__in=ae_ids),
                rules.OPPORTUNITY_COLUMNS,
            )
        )
        summed = replace(exact, ae_totals=rules.totals_on(dated, open_pipeline, Q3, as_of))
        assert len(dated) < len(deals.owned)
        assert rules.compute_quarter(summed, Q3, as_of, live=live) == rules.compute_quarter(
            exact, Q3, as_of, live=live
        )


def varied_org() -> list[Person]:
    """Three AEs and two SDRs with deals of every kind: each stage and type, close and SAO dates
    around the fiscal year, the quarter and D, accounts shared by several deals, odd cents, and
    SDRs with several SAOs on one day."""
    import random

    rng = random.Random(7)
    aes = [PersonFactory(role="ae") for _ in range(3)]
    sdrs = [
        PersonFactory(role="sdr", sdr_segment=s, start_date=date(2023, 4, 10))
        for s in ("outbound", "vc_bod")
    ]
    days = [date(2023, 1, 31), date(2023, 2, 1), date(2023, 5, 9), date(2023, 8, 1),
            date(2023, 9, 1), date(2023, 9, 2), date(2023, 9, 15), date(2023, 9, 16),
            date(2023, 10, 31), date(2023, 11, 1), date(2024, 2, 1)]  # fmt: skip
    for _ in range(240):
        OpportunityFactory(
            owner=rng.choice(aes),
            account=f"Account {rng.randrange(25)}",
            type=rng.choice(["new_business", "expansion"]),
            stage=rng.choice(["1", "2", "3", "4", "5", "6", "won", "lost"]),
            amount=Decimal(rng.randrange(1, 10_000_000)) / 100,
            close_date=rng.choice(days),
            sao_date=rng.choice([None, *days]),
            sourced_by=rng.choice([None, *sdrs]),
        )
    for sdr in sdrs:
        for month in (3, 5, 6, 7, 8, 9):
            for _ in range(rng.randrange(1, 4)):  # several SAOs on one day
                OpportunityFactory(owner=None, sourced_by=sdr, sao_date=date(2023, month, 12))
        MeetingFactory(sdr=sdr, date=date(2023, 8, 20))
    return aes + sdrs


@pytest.mark.parametrize(
    ("as_of", "live"),
    [(date(2023, 9, 15), True), (date(2023, 9, 1), False), (date(2023, 8, 1), False)],
)
def test_figures_only_gives_the_figures_of_every_deal(today, as_of, live):
    from goals import rules
    from goals.selectors import deal_inputs, deal_rows, person_facts, quarter_inputs

    today(date(2023, 9, 15))
    facts = person_facts(varied_org())
    for day in (as_of - timedelta(days=1), as_of):
        Snapshot.objects.create(
            person_id=facts[0].id, metric_id="weighted_pipeline", date=day, value=Decimal(3)
        )
    deals = deal_rows(facts, Q3, as_of)
    exact = deal_inputs(facts, Q3, as_of, deals)
    with CaptureQueriesContext(connection) as queries:
        summed = quarter_inputs(facts, Q3, as_of)
    # No opportunity row leaves the database: every query on opportunities groups them.
    on_opportunities = [q["sql"] for q in queries if "goals_opportunity" in q["sql"]]
    assert on_opportunities and all("GROUP BY" in sql for sql in on_opportunities)
    assert rules.compute_quarter(summed, Q3, as_of, live=live) == rules.compute_quarter(
        exact, Q3, as_of, live=live
    )
    # The data exercises what could differ: accounts counted once, SAOs counted per day.
    ae = rules.compute_quarter(exact, Q3, as_of, live=live)[0]
    masks = rules.ae_masks(deals.owned, Q3, as_of)
    in_pipe = deals.owned[masks["new_logos_in_pipe"] & (deals.owned["owner_id"] == facts[0].id)]
    assert 0 < ae.figure("new_logos_in_pipe").value < len(in_pipe)
    per_day = [n for days in summed.saos.by_sdr.values() for n in days.values()]
    assert summed.saos == exact.saos
    assert sum(per_day) == len(deals.sourced) > len(per_day)
