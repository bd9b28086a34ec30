"""The admins' audit page: the one audit trail (django-auditlog's ``LogEntry``: targets,
overrides, stage weights, ratings, assessments, people, reference data and committed imports),
newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from people.selectors import is_admin

AUDIT_LIMIT = 300
# What a change is about, by model; another audited model shows its verbose name.
SUBJECTS = {
    "importrun": "Import",
    "target": "Target",
    "targetoverride": "Target override",
    "stage": "Stage weight",
    "rating": "Rating",
    "competencyassessment": "Competency assessment",
}
VERBS = {
    LogEntry.Action.CREATE: "created",
    LogEntry.Action.UPDATE: "changed",
    LogEntry.Action.DELETE: "deleted",
}


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    user: str
    what: str
    verb: str
    subject: str
    changes: list[tuple[str, object, object]]  # (field, before, after)


def _subject(entry: LogEntry) -> str:
    model = entry.content_type.model
    if model in SUBJECTS:
        return SUBJECTS[model]
    model_class = entry.content_type.model_class()
    name = model_class._meta.verbose_name if model_class else model
    return str(name)[:1].upper() + str(name)[1:]


def audit_line(entry: LogEntry) -> AuditLine:
    """One log entry as the page shows it: who, when, about what, each field before → after."""
    verb = (entry.additional_data or {}).get("verb") or VERBS.get(entry.action, "recorded")
    changes = [
        (name, *pair)
        for name, pair in (entry.changes or {}).items()
        if isinstance(pair, list | tuple) and len(pair) == 2
    ]
    return AuditLine(
        entry.timestamp,
        entry.actor.get_username() if entry.actor is not None else "system",
        _subject(entry),
        verb,
        entry.object_repr,
        changes,
    )


def audit_trail(limit: int = AUDIT_LIMIT) -> list[AuditLine]:
    """The latest ``limit`` audited changes of every kind, newest first (one query)."""
    entries = LogEntry.objects.select_related("actor", "content_type").order_by(
        "-timestamp", "-id"
    )[:limit]
    return [audit_line(entry) for entry in entries]


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    """Who changed imports, targets, overrides, stage weights and ratings, and when (admins)."""
    if not is_admin(request.user, request.person):
        raise Http404("no such page for this login")  # issue 18: admin pages are 404
    return render(request, "reports/audit.html", {"lines": audit_trail(), "limit": AUDIT_LIMIT})
