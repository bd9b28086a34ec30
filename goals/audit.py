"""The audit trail (issue 8, promise 8; issue 13: one trail): django-auditlog's ``LogEntry``.

The models to audit are listed in ``AUDITLOG_INCLUDE_TRACKING_MODELS`` (settings); auditlog's
model signals catch every ``save()``/``delete()`` (pages, API, Django admin, shell) with the
fields before → after. The acting user is the current request's (``AuditMiddleware``, read
when the entry is written, so DRF's token authentication counts) or the one given to
``acting_as`` (commands, tasks, services). A committed import is one entry about its
``ImportRun``, which stays the record of the import itself. Bulk ``QuerySet.update()`` and the
import's bulk writes bypass signals: the import's entry stands for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from auditlog.context import auditlog_value, set_actor
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import SimpleLazyObject

if TYPE_CHECKING:  # imports sits above goals: it calls record_import, goals never imports it
    from imports.models import ImportRun


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware, with the actor read when an entry is written rather than when
    the request arrives: DRF authenticates a token inside the view and sets the same
    request's user then."""

    def get_extra_data(self, request) -> dict:
        """The request's address, port and (lazily) user, for each entry it writes."""
        data = super().get_extra_data(request)
        data["actor"] = SimpleLazyObject(lambda: self._get_actor(request))
        return data


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Name ``user`` (None: the system) as the author of the changes made inside."""
    outer = auditlog_value.get(None)
    try:
        with set_actor(user):
            yield
    finally:
        # auditlog leaves the inner actor in place on exit; the request's own comes back.
        if outer is not None:
            auditlog_value.set(outer)


def record_import(run: ImportRun) -> None:
    """A committed (or refused) import: what was read and what it changed, by whom."""
    if not run.commit:
        return
    counts = ("rows_in_file", "created", "updated", "unchanged", "skipped", "error_count")
    after = {"kind": run.kind, "file_name": run.file_name, "checksum": run.checksum}
    after |= {name: getattr(run, name) for name in counts}
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(run),
        object_pk=str(run.pk),
        object_id=run.pk,
        object_repr=str(run)[:200],
        action=LogEntry.Action.CREATE,
        changes={name: [None, value] for name, value in after.items()},
        actor=run.user,
        additional_data={"verb": run.status},
    )
