"""The nightly coaching digest: a manager hears once a day whose flag turned on or off.

Each rep gets targets of 1 through overrides, so one won new-business deal and an open one
keep them off the coaching list (on target basis); losing the won deal makes them miss
closed_won_acv and new_logos_closed: two misses, flagged.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from goals.models import CoachingDigest, Opportunity, TargetOverride
from goals.recompute import recompute_day
from tests.factories import OpportunityFactory, PersonFactory

pytestmark = pytest.mark.django_db
MONDAY, TUESDAY = date(2023, 9, 14), date(2023, 9, 15)
AE_METRICS = ("closed_won_acv", "weighted_pipeline", "new_logos_in_pipe", "new_logos_closed")


def rep_on_track(manager, name="Avery Stone"):
    rep = PersonFactory(role="ae", manager=manager, name=name)
    for metric in AE_METRICS:
        for quarter in (2, 3):
            TargetOverride.objects.create(
                person=rep, fiscal_year=2024, quarter=quarter, metric_id=metric, value=1
            )
    OpportunityFactory(
        owner=rep, stage="won", close_date=date(2023, 8, 3), sao_date=date(2023, 8, 1)
    )
    OpportunityFactory(owner=rep, stage="4", amount=Decimal("100"))
    return rep


def lose_the_won_deal(rep):
    Opportunity.objects.filter(owner=rep, stage="won").update(stage="lost")


def nightly(today, day):
    today(day)
    return recompute_day(day, trigger="nightly", alerts=True)


@pytest.fixture
def manager():
    return PersonFactory(role="manager", name="Maria Lopez", email="maria@example.com")


def test_manager_gets_one_email_when_a_flag_turns_on(today, manager):
    rep = rep_on_track(manager)
    nightly(today, MONDAY)
    lose_the_won_deal(rep)
    nightly(today, TUESDAY)
    [message] = mail.outbox
    assert message.to == ["maria@example.com"]
    assert "Avery Stone" in message.body and "now flagged for coaching" in message.body


def test_digest_is_stored_with_the_change(today, manager):
    rep = rep_on_track(manager)
    nightly(today, MONDAY)
    lose_the_won_deal(rep)
    nightly(today, TUESDAY)
    digest = CoachingDigest.objects.get(manager=manager, date=TUESDAY)
    assert digest.changes == [
        {"person_id": rep.id, "name": "Avery Stone", "email": rep.email, "flagged": True}
    ]
    assert digest.emailed_at is not None


def test_a_flag_turning_off_is_listed(today, manager):
    rep = rep_on_track(manager)
    lose_the_won_deal(rep)
    nightly(today, MONDAY)
    Opportunity.objects.filter(owner=rep, stage="lost").update(stage="won")
    nightly(today, TUESDAY)
    assert "no longer flagged" in mail.outbox[0].body


def test_one_digest_lists_every_change_in_the_team(today, manager):
    first, second = rep_on_track(manager, "Ann"), rep_on_track(manager, "Bob")
    nightly(today, MONDAY)
    lose_the_won_deal(first)
    lose_the_won_deal(second)
    nightly(today, TUESDAY)
    assert len(mail.outbox) == 1
    assert [c["name"] for c in CoachingDigest.objects.get().changes] == ["Ann", "Bob"]


def test_a_second_run_the_same_night_sends_no_second_email(today, manager):
    rep = rep_on_track(manager)
    nightly(today, MONDAY)
    lose_the_won_deal(rep)
    nightly(today, TUESDAY)
    nightly(today, TUESDAY)
    assert len(mail.outbox) == 1
    assert CoachingDigest.objects.count() == 1


def test_no_digest_when_no_flag_changed(today, manager):
    rep_on_track(manager)
    nightly(today, MONDAY)
    nightly(today, TUESDAY)
    assert mail.outbox == []
    assert not CoachingDigest.objects.exists()


def test_no_digest_on_the_first_night_with_nothing_to_compare(today, manager):
    rep = rep_on_track(manager)
    lose_the_won_deal(rep)
    nightly(today, TUESDAY)
    assert not CoachingDigest.objects.exists()


def test_a_manual_recompute_sends_no_digest(today, manager):
    rep = rep_on_track(manager)
    nightly(today, MONDAY)
    lose_the_won_deal(rep)
    today(TUESDAY)
    recompute_day(TUESDAY)
    assert mail.outbox == []


def test_pace_basis_compares_the_pace_flag(today, settings, manager):
    settings.COACHING_BASIS = "pace"
    rep = rep_on_track(manager)
    nightly(today, MONDAY)
    lose_the_won_deal(rep)
    nightly(today, TUESDAY)
    assert CoachingDigest.objects.get().basis == "pace"


def test_a_mail_server_failure_keeps_the_digest_for_the_next_run(today, settings, manager):
    rep = rep_on_track(manager)
    nightly(today, MONDAY)
    lose_the_won_deal(rep)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    nightly(today, TUESDAY)  # the recompute itself succeeds
    assert CoachingDigest.objects.get().emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    nightly(today, TUESDAY)
    assert len(mail.outbox) == 1
    assert CoachingDigest.objects.get().emailed_at is not None
