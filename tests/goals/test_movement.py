"""RULES.md "Deal history" and "Pipeline movement", by hand and by property. No database."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from goals import movement
from goals.history import (
    REMOVED,
    DealState,
    History,
    changed_states,
    end_of_day,
    point_in_time,
    point_in_time_by_moment,
    removals,
)

WEIGHTS = {"1": Decimal("0"), "2": Decimal("0.10"), "3": Decimal("0.20"),
           "4": Decimal("0.50"), "5": Decimal("0.75"), "6": Decimal("0.90")}  # fmt: skip
Q_END = date(2023, 10, 31)
A, B = date(2023, 9, 8), date(2023, 9, 15)
ZONE = ZoneInfo("America/New_York")
ANN, BOB = 1, 2


def at(day: date, hour: int = 6) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)


def state(deal, day, owner=ANN, stage="3", amount=1000_00, close=date(2023, 10, 1), hour=6):
    return DealState(deal, at(day, hour), owner, stage, amount, close)


def moves(history: History, owner=ANN):
    ends = tuple(history.states_at(end_of_day(d, ZONE)) for d in (A, B))
    return movement.rep_movement(owner, Q_END, (A, B), ends, WEIGHTS)


def test_end_of_day_is_midnight_after_the_day_in_the_time_zone():
    assert end_of_day(A, ZONE) == datetime(2023, 9, 9, 0, 0, tzinfo=ZONE)
    assert end_of_day(A, ZONE).astimezone(UTC) == datetime(2023, 9, 9, 4, 0, tzinfo=UTC)


def test_state_at_is_the_latest_observed_at_or_before():
    history = History([state("d", date(2023, 9, 1)), state("d", date(2023, 9, 10), stage="5")])
    assert history.state_at("d", at(date(2023, 9, 1), 5)) is None
    assert history.state_at("d", end_of_day(A, ZONE)).stage == "3"
    assert history.state_at("d", at(date(2023, 9, 10))).stage == "5"


def test_observation_at_midnight_counts_for_the_day_before():
    history = History([DealState("d", end_of_day(A, ZONE), ANN, "4", 100, Q_END)])
    assert history.state_at("d", end_of_day(A, ZONE)).stage == "4"


def test_identical_values_record_nothing_new():
    history = History([state("d", date(2023, 9, 1))])
    again = state("d", date(2023, 9, 8))
    older = state("d", date(2023, 8, 25))
    changed = state("d", date(2023, 9, 8), amount=1200_00)
    assert changed_states(history, [again, older, changed]) == [older, changed]


def test_complete_import_removes_what_it_does_not_hold():
    history = History([state("a", date(2023, 9, 1)), state("b", date(2023, 9, 1))])
    removed = removals(history, {"a"}, at(date(2023, 9, 12)))
    assert [(s.external_id, s.stage) for s in removed] == [("b", REMOVED)]


def test_every_category_by_hand():
    day0, day1 = date(2023, 9, 1), date(2023, 9, 12)
    history = History([
        state("new", day1, amount=500_00, stage="2"),
        state("pull", day0, close=date(2023, 11, 15)),
        state("pull", day1, close=date(2023, 10, 20)),
        state("up", day0, amount=1000_00), state("up", day1, amount=1500_00),
        state("down", day0, amount=1000_00), state("down", day1, amount=400_00),
        state("adv", day0, stage="3"), state("adv", day1, stage="5"),
        state("push", day0, amount=300_00), state("push", day1, amount=300_00,
                                                  close=date(2023, 11, 2)),
        state("won", day0, stage="6", amount=2000_00), state("won", day1, stage="won",
                                                             amount=2000_00),
        state("lost", day0, stage="4"), state("lost", day1, stage="lost"),
        state("gone", day0), state("gone", day1, stage=REMOVED),
        state("moved", day0, amount=700_00), state("moved", day1, owner=BOB, amount=700_00),
        state("same", day0), state("same", day1),
    ])  # fmt: skip
    result = moves(history)
    plain = {c.category: c.amount for c in result.bases["pipeline"].categories}
    assert plain == {
        "new": Decimal("500"), "pulled_in": Decimal("1000"), "increased": Decimal("500"),
        "decreased": Decimal("-600"), "pushed": Decimal("-300"), "won": Decimal("-2000"),
        "lost": Decimal("-1000"), "removed": Decimal("-1000"), "reassigned": Decimal("-700"),
    }  # fmt: skip
    pipe = result.bases["pipeline"]
    # at A: up, down, adv, push, won, lost, gone, moved, same
    assert pipe.at_from == Decimal("9000") and pipe.deals_at_from == 9
    assert pipe.at_to == Decimal("5400")  # new 500, pull 1000, up 1500, down 400, adv, same
    weighted = {c.category: c.amount for c in result.bases["weighted"].categories}
    assert weighted["advanced"] == Decimal("550")  # 1000 × (0.75 − 0.20)
    assert weighted["new"] == Decimal("50")
    assert weighted["won"] == Decimal("-1800")
    assert "same" not in {d.external_id for c in pipe.categories for d in c.deals}
    bob = moves(history, BOB).bases["pipeline"]
    assert [(c.category, c.amount) for c in bob.categories] == [("pulled_in", Decimal("700"))]


def test_money_text_keeps_cents():
    assert movement.money_text(Decimal("1500")) == "1500.00"
    assert movement.money_text(Decimal("-0.5")) == "-0.50"
    assert movement.money_text(Decimal("100.001")) == "100.001"


STAGES = st.sampled_from(["1", "2", "3", "4", "5", "6", "won", "lost", REMOVED])
CLOSES = st.sampled_from([date(2023, 9, 30), Q_END, date(2023, 11, 1), date(2024, 1, 5)])
START = datetime(2023, 9, 1, tzinfo=ZONE)
OBSERVATION = st.builds(
    lambda deal, hours, owner, stage, amount, close: DealState(
        f"d{deal}", START + timedelta(hours=hours), owner, stage, amount, close
    ),
    st.integers(0, 7),
    st.integers(0, 24 * 20),
    st.sampled_from([ANN, BOB, 3, None]),
    STAGES,
    st.integers(0, 10_000_00),
    CLOSES,
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(OBSERVATION, max_size=30),
    st.integers(0, 18),
    st.integers(1, 19),
)
def test_pipeline_at_a_plus_changes_is_pipeline_at_b(observations, first, length):
    day_a = date(2023, 9, 1) + timedelta(days=first)
    day_b = day_a + timedelta(days=length)
    history = History(observations)
    ends = tuple(history.states_at(end_of_day(d, ZONE)) for d in (day_a, day_b))
    reps = [movement.rep_movement(o, Q_END, (day_a, day_b), ends, WEIGHTS) for o in (ANN, BOB)]
    for result in [*reps, movement.team_movement(9, reps)]:
        for basis in movement.BASES:
            part = result.bases[basis]
            assert part.at_from + part.net == part.at_to
            listed = [d.external_id for c in part.categories for d in c.deals]
            assert len(listed) == len(set(listed)) or result.person_id == 9
            assert all(d.change != 0 for c in part.categories for d in c.deals)
    team = movement.team_movement(9, reps).bases["pipeline"]
    assert team.at_to == sum((r.bases["pipeline"].at_to for r in reps), Decimal(0))


@given(
    st.lists(OBSERVATION, max_size=30),
    st.integers(0, 18),
    st.integers(1, 19),
)
def test_the_unchanged_deals_summed_give_the_same_movement(observations, first, length):
    """What the database hands the engine (the deals that changed, and the others' totals per
    stage: history_store.movement_ends) gives exactly the movement of every deal's two states."""
    day_a = date(2023, 9, 1) + timedelta(days=first)
    day_b = day_a + timedelta(days=length)
    history = History(observations)
    ends = tuple(history.states_at(end_of_day(d, ZONE)) for d in (day_a, day_b))
    for owner in (ANN, BOB):
        whole = movement.rep_movement(owner, Q_END, (day_a, day_b), ends, WEIGHTS)
        changed, steady = movement.split_steady(owner, Q_END, ends)
        split = movement.rep_movement(owner, Q_END, (day_a, day_b), changed, WEIGHTS, steady)
        assert split == whole


@given(
    st.lists(OBSERVATION, max_size=30),
    st.lists(st.integers(0, 24 * 22), max_size=25),
    st.booleans(),
)
def test_the_sums_of_many_days_in_one_pass_are_each_days_own(observations, hours, on_them):
    """A quarter's trend sums every day's states in one pass over the states; each day's sums
    are exactly those of the states at its end (ties, moments equal to an observation, owners,
    stages and all)."""
    history = History(observations)
    moments = {START + timedelta(hours=h) for h in hours}
    if on_them:
        moments |= {o.observed_at for o in observations}
    moments = sorted(moments)
    by_moment = point_in_time_by_moment(history, moments, Q_END, WEIGHTS)
    assert by_moment == [
        point_in_time(history.states_at(moment).values(), Q_END, WEIGHTS) for moment in moments
    ]


def test_a_deal_unchanged_in_the_pipeline_is_summed_not_listed():
    same = state("d", date(2023, 9, 1), amount=2500_00, stage="4")
    moved = state("e", date(2023, 9, 1))
    ends = ({"d": same, "e": moved}, {"d": same, "e": replace(moved, amount_cents=0)})
    changed, steady = movement.split_steady(ANN, Q_END, ends)
    assert steady == {"4": (1, 2500_00)} and set(changed[0]) == set(changed[1]) == {"e"}
    part = movement.rep_movement(ANN, Q_END, (A, B), changed, WEIGHTS, steady).bases["weighted"]
    assert (part.at_from, part.deals_at_from) == (Decimal("1450.00"), 2)
