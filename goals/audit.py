"""The audit trail (issue 8, promise 8): target, target override and stage-weight writes and
committed imports become ``AuditEvent`` rows, whichever path wrote them.

Model signals catch every ``save()``/``delete()`` (pages, API, Django admin, shell); the
acting user is the current request's (``AuditMiddleware``; DRF sets the same request's user
after token authentication) or the one given to ``acting_as`` (commands, tasks). Bulk
``QuerySet.update()`` bypasses signals: nothing in Pacer writes these models that way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal

from django.db.models.signals import post_delete, post_save, pre_save

from .models import (
    AuditAction,
    AuditEvent,
    ImportRun,
    Stage,
    Target,
    TargetOverride,
    TargetPublication,
)

AUDITED = {
    Target: AuditAction.TARGET,
    TargetOverride: AuditAction.TARGET_OVERRIDE,
    Stage: AuditAction.STAGE_WEIGHT,
    TargetPublication: AuditAction.TARGET_PUBLICATION,
}
# Person is audited by the roster service (goals.people_services), not by signals: the
# people import saves every row and must not pay two more queries per person.

_request: ContextVar = ContextVar("audit_request", default=None)
_user: ContextVar = ContextVar("audit_user", default=None)


class AuditMiddleware:
    """Remembers the request so a model signal can name who made the change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Name ``user`` as the author of the changes made inside (commands, tasks)."""
    token = _user.set(user)
    try:
        yield
    finally:
        _user.reset(token)


def current_user():
    """The user acting now, or None (a system job)."""
    if _user.get() is not None:
        return _user.get()
    request = _request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def fields_of(instance) -> dict[str, object]:
    """Every concrete field of a row as JSON-safe values (foreign keys as ids)."""
    return {f.name: _plain(getattr(instance, f.attname)) for f in instance._meta.concrete_fields}


def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._audit_before = None
        return
    old = sender.objects.filter(pk=instance.pk).first()
    instance._audit_before = fields_of(old) if old is not None else None


def _record_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = fields_of(instance)
    before = getattr(instance, "_audit_before", None)
    if before is None:
        record(AUDITED[sender], "created", instance, before={}, after=after)
        return
    changed = [name for name in after if after[name] != before.get(name)]
    if changed:
        record(
            AUDITED[sender],
            "changed",
            instance,
            before={name: before.get(name) for name in changed},
            after={name: after[name] for name in changed},
        )


def _record_delete(sender, instance, **kwargs):
    record(AUDITED[sender], "deleted", instance, before=fields_of(instance), after={})


def _describe(instance) -> str:
    try:
        return str(instance)
    except (TypeError, ValueError):
        # A row saved with raw values (fixture strings, not Decimals) may not format yet.
        return f"{instance._meta.verbose_name} {instance.pk}"


def record(action: str, verb: str, instance, *, before: dict, after: dict, user=None) -> None:
    """Write one audit event about ``instance``."""
    AuditEvent.objects.create(
        user=user or current_user(),
        action=action,
        verb=verb,
        object_id=str(instance.pk),
        object_repr=_describe(instance)[:200],
        before=before,
        after=after,
    )


def record_import(run: ImportRun) -> None:
    """A committed (or refused) import: what was read and what it changed."""
    if not run.commit:
        return
    counts = ("rows_in_file", "created", "updated", "unchanged", "skipped", "error_count")
    after = {"kind": run.kind, "file_name": run.file_name, "checksum": run.checksum}
    after |= {name: getattr(run, name) for name in counts}
    record(AuditAction.IMPORT, run.status, run, before={}, after=after, user=run.user)


def register(model, action: str) -> None:
    """Audit another app's model (its AppConfig.ready calls this: goals imports no app)."""
    AUDITED[model] = action
    _connect(model)


def connect() -> None:
    for model in AUDITED:
        _connect(model)


def _connect(model) -> None:
    uid = f"audit-{model._meta.label}"
    pre_save.connect(_remember_before, sender=model, dispatch_uid=f"{uid}-pre")
    post_save.connect(_record_save, sender=model, dispatch_uid=f"{uid}-post")
    post_delete.connect(_record_delete, sender=model, dispatch_uid=f"{uid}-delete")
