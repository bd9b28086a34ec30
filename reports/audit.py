"""The admins' audit page: goals' ``AuditEvent`` rows and the framework's rating history
(``framework.Change``) in one list, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from framework.models import Change
from goals.models import AuditEvent
from people.selectors import is_admin

AUDIT_LIMIT = 300


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    user: str
    what: str
    verb: str
    subject: str
    changes: list[tuple[str, object, object]]  # (field, before, after)


def _user(user) -> str:
    return user.get_username() if user is not None else "system"


def _event_line(event: AuditEvent) -> AuditLine:
    names = list(event.after) or list(event.before)
    changes = [(name, event.before.get(name), event.after.get(name)) for name in names]
    return AuditLine(
        event.at,
        _user(event.user),
        event.get_action_display(),
        event.verb,
        event.object_repr,
        changes,
    )


def _change_line(change: Change) -> AuditLine:
    subject = change.rating or change.assessment
    what = "Rating" if change.rating_id else "Competency assessment"
    changes = [(name, *pair) for name, pair in change.what.items() if len(pair) == 2]
    return AuditLine(
        change.changed_at, _user(change.changed_by), what, "changed", str(subject), changes
    )


def audit_trail(limit: int = AUDIT_LIMIT) -> list[AuditLine]:
    """The latest ``limit`` audited changes of every kind, newest first (4 queries)."""
    events = AuditEvent.objects.select_related("user")[:limit]
    changes = Change.objects.select_related(
        "changed_by", "rating__person", "assessment__person"
    ).order_by("-changed_at", "-id")[:limit]
    lines = [_event_line(e) for e in events] + [_change_line(c) for c in changes]
    return sorted(lines, key=lambda line: line.at, reverse=True)[:limit]


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    """Who changed imports, targets, overrides, stage weights and ratings, and when (admins)."""
    if not is_admin(request.user, request.person):
        raise PermissionDenied("The audit trail is for admins.")
    return render(request, "reports/audit.html", {"lines": audit_trail(), "limit": AUDIT_LIMIT})
