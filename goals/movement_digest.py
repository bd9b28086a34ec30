"""The manager's weekly movement digest: each rep's week in one line (won, new, pushed, net),
by e-mail and, when ``SLACK_WEBHOOK_URL`` is set, to Slack."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail

from people.models import Person

from .calendar import FiscalQuarter
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
    send_mail(
        subject=f"Pacer: your team's pipeline week to {day}",
        message=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[manager.email],
    )
    if settings.SLACK_WEBHOOK_URL:
        from slack_sdk.webhook import WebhookClient

        response = WebhookClient(settings.SLACK_WEBHOOK_URL, timeout=10).send(text=text)
        if response.status_code != 200:
            # The e-mail went; Slack's answer is logged for the admin.
            logger.warning("Slack digest not posted: %s %s", response.status_code, response.body)
    return text
