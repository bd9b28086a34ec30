"""Issue 15: after the nightly recompute succeeds, on ``MOVEMENT_DIGEST_WEEKDAY``, each manager
gets the digest of the week ending the day before, by e-mail and to Slack (a real HTTP server on
127.0.0.1 that records the posts), once: a rerun of the night sends nothing twice. The nightly
task runs in-process (Celery's eager path)."""

import socket
from datetime import date

import pytest
from django.core import mail

from goals.models import MovementDigest
from goals.movement_digest import digest_text
from goals.tasks import recompute_attainment
from tests.config.test_celery import settings_in_a_fresh_process

from .test_acceptance import team  # noqa: F401 - the acceptance test's imported weeks
from .test_movement_digest import slack  # noqa: F401 - the recording Slack server

pytestmark = pytest.mark.django_db
FRIDAY = 4  # the team fixture's today, 2023-09-15, is a Friday
WEEK_END = date(2023, 9, 14)


def nightly() -> None:
    recompute_attainment.apply(kwargs={"nightly": True}).get()


def digest_mails() -> list:
    return [m for m in mail.outbox if "pipeline week" in m.subject]


def test_the_digest_day_sends_each_managers_week_once(team, slack, settings):  # noqa: F811
    settings.MOVEMENT_DIGEST_WEEKDAY = FRIDAY
    nightly()
    text = digest_text(team, WEEK_END)
    assert "Pipeline movement in FY24-Q3, 2023-09-07 to 2023-09-14:" in text
    sent = digest_mails()
    assert [(m.to, m.body) for m in sent] == [(["mia@example.com"], text)]
    assert slack == [("/hooks/pacer", {"text": text})]

    nightly()  # the same night again: nothing sent twice
    assert len(digest_mails()) == 1 and len(slack) == 1
    digest = MovementDigest.objects.get()
    assert (digest.manager, digest.week_end, digest.text) == (team, WEEK_END, text)
    assert digest.emailed_at and digest.slack_posted_at


def test_other_days_send_no_digest(team, slack, settings):  # noqa: F811
    assert settings.MOVEMENT_DIGEST_WEEKDAY == 0  # Monday by default
    nightly()
    assert digest_mails() == [] and slack == []
    assert not MovementDigest.objects.exists()


def test_slack_unreachable_is_posted_by_the_next_run_and_the_mail_not_resent(
    team,  # noqa: F811
    slack,  # noqa: F811
    settings,
):
    settings.MOVEMENT_DIGEST_WEEKDAY = FRIDAY
    working = settings.SLACK_WEBHOOK_URL
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        settings.SLACK_WEBHOOK_URL = f"http://127.0.0.1:{closed.getsockname()[1]}/hooks/pacer"
    nightly()
    assert len(digest_mails()) == 1 and slack == []
    assert MovementDigest.objects.get().slack_posted_at is None

    settings.SLACK_WEBHOOK_URL = working
    nightly()
    assert len(digest_mails()) == 1 and len(slack) == 1


def test_a_manual_recompute_sends_no_digest(team, settings):  # noqa: F811
    settings.MOVEMENT_DIGEST_WEEKDAY = FRIDAY
    recompute_attainment.apply().get()
    assert digest_mails() == []


def test_the_weekday_is_a_day_name_from_the_environment():
    friday = settings_in_a_fresh_process(
        "settings.MOVEMENT_DIGEST_WEEKDAY", MOVEMENT_DIGEST_WEEKDAY="Friday"
    )
    assert friday.stdout.strip() == "4"
    wrong = settings_in_a_fresh_process(
        "settings.MOVEMENT_DIGEST_WEEKDAY", MOVEMENT_DIGEST_WEEKDAY="Fri"
    )
    assert wrong.returncode != 0 and "MOVEMENT_DIGEST_WEEKDAY is a day name, not" in wrong.stderr
