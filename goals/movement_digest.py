"""The manager's weekly movement digest: each rep's week in one line (won, new, pushed, net),
by e-mail and, when ``SLACK_WEBHOOK_URL`` is set, to Slack."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from people.models import Person, Role

from .calendar import FiscalQuarter
from .models import MovementDigest
from .movement import Movement
from .movement_selectors import pipeline_movement

logger = logging.getLogger(__name__)
WEEK = timedelta(days=7)
LINE_CATEGORIES = ("won", "new", "pushed")


def rep_line(name: str, movement: Movement) -> str:
    """``Ann Archer: won -30000.00 (1), new 5000.00 (1), pushed -12000.00 (1), net -28000.00``"""
    part = movement.bases["pipeline"]
    cells = []
    for name_of in LINE_CATEGORIES:
        found = part.category(name_of)
        amount, deals = (found.amount, len(found.deals)) if found else (0, 0)
        cells.append(f"{name_of} {amount:.2f} ({deals})")
    return f"{name}: " + ", ".join(cells) + f", net {part.net:.2f}"


def digest_text(manager: Person, day: date) -> str:
    """The week to ``day`` of each of the manager's reps, one line each, and the team's."""
    quarter = FiscalQuarter.containing(day)
    found = pipeline_movement([manager], quarter, day - WEEK, day)
    lines = [f"Pipeline movement in {quarter}, {day - WEEK} to {day}:"]
    lines += [
        f"- {rep_line(item.person.name, item.movement)}" for item in found if not item.is_team
    ]
    lines += [f"- {rep_line('Team', item.movement)}" for item in found if item.is_team]
    return "\n".join(lines) + "\n"


def send_movement_digest(manager: Person, day: date) -> str:
    """E-mail the digest to the manager and post it to Slack when a webhook is set."""
    text = digest_text(manager, day)
    mail_digest(manager, day, text)
    if settings.SLACK_WEBHOOK_URL:
        post_to_slack(text)
    return text


def mail_digest(manager: Person, day: date, text: str) -> None:
    send_mail(
        subject=f"Pacer: your team's pipeline week to {day}",
        message=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[manager.email],
    )


def post_to_slack(text: str) -> bool:
    """Post ``text`` to ``SLACK_WEBHOOK_URL`` (slack-sdk's webhook client); True once Slack took
    it. A refusal is logged for the admin."""
    from slack_sdk.webhook import WebhookClient

    response = WebhookClient(settings.SLACK_WEBHOOK_URL, timeout=10).send(text=text)
    if response.status_code != 200:
        logger.warning("Slack digest not posted: %s %s", response.status_code, response.body)
        return False
    return True


# --- the nightly run's weekly send ---------------------------------------------------------


def send_weekly_digests(night: date) -> int:
    """On ``MOVEMENT_DIGEST_WEEKDAY``, each manager's digest of the week ending the day before
    ``night``, by e-mail and to Slack when set; once per manager and week, however often the
    night is rerun (``MovementDigest`` stamps each channel). The digests sent."""
    if night.weekday() != settings.MOVEMENT_DIGEST_WEEKDAY:
        return 0
    week_end = night - timedelta(days=1)
    managers = Person.objects.filter(
        role__in=(Role.MANAGER, Role.ADMIN), is_active=True, reports__is_active=True
    ).distinct()
    sent = 0
    for manager in managers.order_by("id"):
        digest = _digest_of_week(manager, week_end)
        if digest is not None:
            sent += _deliver(digest)
    return sent


def _digest_of_week(manager: Person, week_end: date) -> MovementDigest | None:
    """The stored digest of the week, written now if it is the first time (its text fixed
    then, so a rerun sends the same words)."""
    found = MovementDigest.objects.filter(manager=manager, week_end=week_end).first()
    if found is not None:
        return found
    try:
        text = digest_text(manager, week_end)
    except ValueError as error:  # no history yet, or none for the whole week
        logger.info("no movement digest for %s to %s: %s", manager.email, week_end, error)
        return None
    digest, _ = MovementDigest.objects.get_or_create(
        manager=manager, week_end=week_end, defaults={"text": text}
    )
    return digest


def _deliver(digest: MovementDigest) -> int:
    """Send each channel not yet stamped; claim it first (one conditional update), so two runs
    at once cannot both send, and release the claim when the sending fails."""
    went = 0
    digests = MovementDigest.objects.filter(id=digest.id)
    if digests.filter(emailed_at__isnull=True).update(emailed_at=timezone.now()):
        try:
            mail_digest(digest.manager, digest.week_end, digest.text)
            went = 1
        except Exception:
            logger.exception("movement digest %s not mailed", digest.id)
            digests.update(emailed_at=None)
    wants_slack = bool(settings.SLACK_WEBHOOK_URL)
    if wants_slack and digests.filter(slack_posted_at__isnull=True).update(
        slack_posted_at=timezone.now()
    ):
        try:
            posted = post_to_slack(digest.text)
        except Exception:
            logger.exception("movement digest %s not posted to Slack", digest.id)
            posted = False
        if not posted:
            digests.update(slack_posted_at=None)
        went = went or int(posted)
    return went
