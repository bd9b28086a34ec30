"""A sync of the org's opportunities, through the same import path as a CSV export.

The records read are written as the CSV a Salesforce report export would be and handed to
``imports.services.execute``, so validation, stage and currency mapping, the upsert, the run's
counts and errors are the CSV import's own. Before it, the org's users are kept and matched to
people (salesforce.org_users), and the export names each owner by OwnerId. In the import's
transaction (salesforce.history):
deletions (queryAll ``IsDeleted``) become ``removed`` states, and the first sync writes
OpportunityHistory's past states. The watermark moves only with a committed run; one sync runs
at a time (``sync_lock``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import BinaryIO

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from simple_salesforce.exceptions import SalesforceExpiredSession

from goals import calendar
from imports import activities, parsers, run_extras
from imports.models import ImportKind, ImportRun, ImportStatus
from imports.service import MAX_STORED_ERRORS, data_imported, import_written
from imports.services import execute
from imports.taken_at import commit_moment

from . import client, history, org_users
from .connection import Connection
from .connection import current as current_connection
from .models import Sync, SyncStatus

log = logging.getLogger(__name__)
# The report-export columns each Salesforce field becomes (imports/fields.py aliases).
COLUMNS = (
    ("Opportunity ID", "Id"),
    ("Opportunity Name", "Name"),
    ("Opportunity Owner ID", "OwnerId"),
    ("Opportunity Owner", "Owner.Name"),
    ("Owner Email", "Owner.Email"),
    ("Account Name", "Account.Name"),
    ("Type", "Type"),
    ("Stage", "StageName"),
    ("Amount", "Amount"),
    ("Close Date", "CloseDate"),
    ("Created Date", "CreatedDate"),
    ("Won", "IsWon"),
    ("Closed", "IsClosed"),
)
SYNC_LOCK_KEY = 7_400_016
ABANDONED = "abandoned: the worker running this sync stopped before it committed; nothing changed"
RUNNING = "a Salesforce sync is already running: this one did nothing (it will show on the page)"


class SyncAlreadyRunning(Exception):
    def __str__(self) -> str:
        return RUNNING


@dataclass
class _InRun:
    """What the sync writes inside the import's transaction (see _in_run), by run id."""

    deleted: list[str]
    # The first sync's OpportunityHistory as the Bulk API's CSV pages (``client.csv_rows``).
    past_pages: tuple[str, ...] | None = None
    past_written: int = 0
    notes: list[str] = field(default_factory=list)


_pending: dict[int, _InRun] = {}


def columns(conn: Connection | None = None) -> list[tuple[str, str]]:
    """The export columns and their Salesforce fields, the optional ones as configured (``conn``:
    the connection the records were read with; default the one in force)."""
    conn = conn or current_connection()
    found = list(COLUMNS)
    if conn.multi_currency:
        found.append(("Amount Currency", "CurrencyIsoCode"))
    if conn.sao_field:
        found.append(("SAO Date", conn.sao_field))
    if conn.sdr_field:
        found.append(("Sourced By", conn.sdr_field))
    return found


def as_export(records: Iterable[dict[str, str]], conn: Connection | None = None) -> bytes:
    """Flat Salesforce records as the CSV of a report export (UTF-8, a header row)."""
    out = io.BytesIO()
    write_export(records, out, conn)
    return out.getvalue()


def write_export(
    records: Iterable[dict[str, str]], handle: BinaryIO, conn: Connection | None = None
) -> None:
    """Write ``records`` to ``handle`` as ``as_export``'s CSV, one record at a time."""
    wanted = columns(conn)
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow([header for header, _ in wanted])
    for record in records:
        writer.writerow([record.get(name, "") for _, name in wanted])
    text.detach()


def last_watermark() -> datetime | None:
    """Where the next sync starts: the watermark of the last completed sync (one query)."""
    done = Sync.objects.filter(status=SyncStatus.DONE, watermark__isnull=False)
    return done.order_by("-watermark").values_list("watermark", flat=True).first()


@contextmanager
def sync_lock() -> Iterator[None]:
    """One sync at a time. PostgreSQL: a session advisory lock (released by PostgreSQL when the
    process holding it dies), under which a sync still marked running is known abandoned.
    SQLite: a sync marked running in the last hour holds it."""
    if connection.vendor != "postgresql":
        recent = timezone.now() - timedelta(hours=1)
        if Sync.objects.filter(status=SyncStatus.RUNNING, started_at__gte=recent).exists():
            raise SyncAlreadyRunning
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SYNC_LOCK_KEY])
        (acquired,) = cursor.fetchone()
    if not acquired:
        raise SyncAlreadyRunning
    try:
        _release_abandoned()
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [SYNC_LOCK_KEY])


def _release_abandoned() -> None:
    """Under the lock no sync runs: one still marked running died with its worker (nothing of
    it committed); it and its import run say so."""
    now = timezone.now()
    stale = Sync.objects.filter(status=SyncStatus.RUNNING)
    ImportRun.objects.filter(sync__in=stale).exclude(status=ImportStatus.DONE).update(
        status=ImportStatus.FAILED, message=f"Salesforce sync {ABANDONED}", finished_at=now
    )
    stale.update(status=SyncStatus.FAILED, message=ABANDONED, finished_at=now)


def retry_delay(retries: int) -> int:
    """Seconds before retrying a sync Salesforce asked to wait (rate limit, 5xx): 1, 2, 4 …
    minutes, never longer than the schedule's own interval."""
    return min(60 * 2**retries, 60 * settings.SALESFORCE_SYNC_MINUTES)


def note_retry(record: Sync, seconds: int) -> None:
    """Say on the sync (and so on the page) when it is tried again."""
    record.message += f"; trying again in {max(1, round(seconds / 60))} min"
    record.save(update_fields=["message"])


@dataclass
class _Changed:
    """The changed opportunities read, written as they arrive to the export the import reads
    (a temporary file: a million records kept as dicts took 1.5 GB), with their Ids in line
    order (the export's line 2 is record 0) and the newest SystemModstamp among them."""

    file: BinaryIO
    ids: list[str] = field(default_factory=list)
    newest: datetime | None = None

    def seen(self, records: Iterable[dict[str, str]]) -> Iterator[dict[str, str]]:
        for record in records:
            self.ids.append(record.get("Id", ""))
            stamp = parse_datetime(record["SystemModstamp"])
            if stamp and (self.newest is None or stamp > self.newest):
                self.newest = stamp
            yield record


def _spooled(records: Iterable[dict[str, str]], conn: Connection) -> _Changed:
    changed = _Changed(tempfile.TemporaryFile())  # noqa: SIM115 - _sync closes it
    write_export(changed.seen(records), changed.file, conn)
    changed.file.seek(0)
    return changed


def _read(org: client.Org, since: datetime | None):
    """Changed (``_Changed``) and deleted records, the newest SystemModstamp seen (or
    ``since``) and, on the first sync, the OpportunityHistory pages (else None)."""
    poll = settings.SALESFORCE_BULK_POLL_SECONDS
    changed = _spooled(org.changed(since, poll=poll), org.conn)
    deleted = list(org.deleted(since)) if since else []
    past = None if since else tuple(org.history(poll=poll))
    stamps = [changed.newest, *(parse_datetime(r["SystemModstamp"]) for r in deleted)]
    newest = max([s for s in stamps if s] + ([since] if since else []), default=None)
    return changed, [r["Id"] for r in deleted], newest, past


def _read_users(org: client.Org) -> list[dict[str, str]]:
    """The org's users changed since the newest kept (all of them the first time)."""
    return list(org.users(org_users.last_modstamp()))


def _read_refreshing(org: client.Org, since: datetime | None):
    """The users and ``_read``; an expired session is refreshed once and the (read-only) read
    redone."""
    try:
        return _read_users(org), _read(org, since)
    except SalesforceExpiredSession:
        log.info("Salesforce session expired: logging in again")
        org.login()
        return _read_users(org), _read(org, since)


def sync(user=None) -> Sync:
    """Read what changed in the org since the last completed sync and import it as one run;
    returns the ``Sync`` (failed, with the reason, when Salesforce refused or the rows did not
    pass the import's checks: then nothing changed and the watermark stays). SyncAlreadyRunning
    while another sync runs."""
    with sync_lock():
        return _sync(user)


def _sync(user) -> Sync:
    since = last_watermark()
    run = ImportRun.objects.create(
        kind=ImportKind.OPPORTUNITIES,
        user=user,
        file_name=f"Salesforce sync {timezone.now():%Y-%m-%d %H:%M:%S}",
        checksum="",
        commit=True,
    )
    # Linked from the start: a sync killed mid-way is found with its run (_release_abandoned).
    record = Sync.objects.create(status=SyncStatus.RUNNING, full=since is None, run=run)
    org = None
    try:
        org = client.connect()
        users, (changed, deleted, newest, past) = _read_refreshing(org, since)
        meetings = _read_meetings_refreshing(org, since)
    except client.SyncRefused as error:
        record.retry_later = error.retry
        return _fail(record, run, org, str(error))
    except Exception as error:
        reason = client.retry_later(error)
        record.retry_later = client.should_retry(error)
        _fail(record, run, org, reason or f"unexpected error: {error}")
        if reason is None:
            raise
        return record
    with changed.file:  # the export written as read; gone when the sync ends
        record.read, record.deleted = len(changed.ids), len(deleted)
        record.api_calls, record.limit_info = org.api_calls, org.limit_info
        in_run = _InRun(deleted, past)
        try:
            _place_people(run, users, user)
        except (ValueError, DatabaseError) as error:
            return _fail(record, run, org, f"the org's users could not be kept ({error})")
        record.meetings_read = _attach_meetings(run, meetings)
        if changed.ids:
            _import(run, changed.file, in_run)
        else:
            _delete_only(run, deleted)
        if run.status != ImportStatus.DONE:
            reason = f"the import did not commit ({run.message}){_errors(run, changed.ids)}"
            reason += org_users.unplaced_note(run)
            return _fail(record, run, org, reason, run_done=True)
        record.status, record.watermark = SyncStatus.DONE, newest
        record.past_states, record.message = in_run.past_written, "; ".join(in_run.notes)
        record.meetings_written = _meetings_written(run)
        record.finished_at = timezone.now()
        record.save()
        return record


def _place_people(run: ImportRun, users: list[dict[str, str]], user) -> None:
    """Keep the users read and match them to people (committed on their own: a sync refused
    for an unknown owner still proposes that owner), and give the import their ids."""
    org_users.record(users, user)
    run.companions = {"users": org_users.lookup()}


def _errors(run: ImportRun, ids: list[str]) -> str:
    """The first errors, each naming the Salesforce record (the export's line 2 is record 0)."""
    named = []
    for error in (run.errors or [])[:3]:
        if error.get("file") != run.file_name:  # a meeting's (Salesforce Event, Task)
            named.append(_meeting_error(run, error))
            continue
        index = int(error.get("line") or 0) - 2
        record = ids[index] if 0 <= index < len(ids) else "?"
        named.append(f"Opportunity {record}, {error.get('column')}: {error.get('reason')}")
    return ": " + "; ".join(named) if named else ""


def _import(run: ImportRun, export: BinaryIO, in_run: _InRun) -> None:
    run.checksum = hashlib.file_digest(export, "sha256").hexdigest()
    export.seek(0)
    run.save(update_fields=["checksum"])
    _pending[run.pk] = in_run
    try:
        execute(run, export)
    finally:
        _pending.pop(run.pk, None)


@receiver(import_written, sender=ImportRun)
def _in_run(sender, run: ImportRun, **kwargs) -> None:
    """The sync's deletions as ``removed`` states and the first sync's OpportunityHistory, in
    the import's transaction at its moment (so they commit with it or not at all)."""
    in_run = _pending.get(run.pk)
    if in_run is None:
        return
    moment = run.taken_at
    if in_run.deleted:
        run.removed += history.record_removed(moment, run.pk, in_run.deleted)
    if in_run.past_pages is not None:
        past = history.past_states(client.csv_rows(in_run.past_pages), moment)
        in_run.past_written = history.record_past(past, run.pk)
        run.states_recorded += in_run.past_written
        if past.note():
            in_run.notes.append(past.note())


def _delete_only(run: ImportRun, deleted: list[str]) -> None:
    """Nothing changed but deletions (or nothing at all): a run of its own, no file; each
    deletion a ``removed`` state at the run's moment."""
    run.started_at = timezone.now()
    extras = run_extras.check(run, run.companions or {}, MAX_STORED_ERRORS)
    if extras and extras.error_total:
        return _meetings_refused(run, extras)
    with transaction.atomic():
        moment = commit_moment(run)
        removed = history.record_removed(moment, run.pk, deleted) if deleted else 0
        history.link_states(run.pk)
        run.removed = removed
        if extras:
            run_extras.write(extras, run, write=True, moment=moment)
            extras.close()
        run.status, run.finished_at = ImportStatus.DONE, timezone.now()
        run.message = f"{removed} deleted in Salesforce, removed" if deleted else "no changes"
        run.save()
        if removed or run_extras.changed(run):
            transaction.on_commit(lambda: data_imported.send(sender=ImportRun, run=run))


def _fail(record: Sync, run: ImportRun, org, reason: str, *, run_done: bool = False) -> Sync:
    now = timezone.now()
    if not run_done:
        run.status = ImportStatus.FAILED
        run.message = f"Salesforce sync failed, nothing changed: {reason}"
        run.started_at, run.finished_at = run.started_at or now, now
        run.save()
    record.status, record.message, record.finished_at = SyncStatus.FAILED, reason, now
    if org is not None:
        record.api_calls, record.limit_info = org.api_calls, org.limit_info
    record.save()
    log.warning("Salesforce sync %s failed: %s", record.pk, reason)
    return record


# Meetings (issue 16): Event and Task read like Opportunity, made meetings rows by the Data
# Export's own function (imports.activities) and carried by the run (imports.run_extras), so
# they are checked with the admin's type filter and written in the sync's transaction.
@dataclass
class _Meetings:
    tables: list[activities.MeetingTable]
    users: dict[str, tuple[str, str]]
    read: int


def _read_meetings(org: client.Org, since: datetime | None) -> _Meetings:
    """The configured activity objects' records changed after ``since``, as meetings tables
    (each record at "line" its position + 2, as in an export), with the owners they name."""
    found = _Meetings([], {}, 0)
    for name in client.meeting_objects():
        poll = settings.SALESFORCE_BULK_POLL_SECONDS
        records = list(client.read_meetings(org, name, since, poll=poll))
        found.read += len(records)
        accounts = {}
        for record in records:
            if owner := _id(record.get("OwnerId", "")):
                found.users[owner] = (record.get("Owner.Name", ""), record.get("Owner.Email", ""))
            if (account := _id(record.get("AccountId", ""))) and record.get("Account.Name"):
                accounts[account] = record["Account.Name"]
        table = activities.meeting_table(
            name,
            ((index + 2, record) for index, record in enumerate(records)),
            accounts=accounts,
            today=calendar.today(),
            zone=timezone.get_current_timezone(),
            file=f"Salesforce {name}",
            names=client.MEETING_FIELDS[name],
        )
        found.tables.append(table)
    return found


def _id(text: str) -> str:
    try:
        return parsers.parse_id(text or "")
    except ValueError:
        return ""


def _read_meetings_refreshing(org: client.Org, since: datetime | None) -> _Meetings:
    try:
        return _read_meetings(org, since)
    except SalesforceExpiredSession:
        org.login()
        return _read_meetings(org, since)


def _attach_meetings(run: ImportRun, meetings: _Meetings) -> int:
    """Carry the meetings on the run (``run_extras``); how many records were read."""
    if meetings.tables:
        kept = dict(run.companions or {})
        # The org's users (org_users.lookup) place an owner over what a meeting record names.
        users = {key: list(value) for key, value in meetings.users.items()}
        kept |= {
            run_extras.ACTIVITIES: [table.as_json() for table in meetings.tables],
            "users": users | kept.get("users", {}),
        }
        run.companions = kept
        run.save(update_fields=["companions"])
    return meetings.read


def _meetings_written(run: ImportRun) -> int:
    written = (run.companions or {}).get(run_extras.WRITTEN) or {}
    return sum(m["created"] + m["updated"] for m in written.get("meetings", {}).values())


def _meetings_refused(run: ImportRun, extras) -> None:
    """A sync with no opportunity to import whose meetings do not pass the checks: refused,
    nothing changed (as a run whose rows have errors)."""
    extras.close()
    run.status, run.finished_at = ImportStatus.REJECTED, timezone.now()
    run.errors = [error.as_dict() for error in extras.errors]
    run.error_count = extras.error_total
    run.message = "nothing changed: the meetings read have errors"
    run.save()


def _meeting_error(run: ImportRun, error: dict) -> str:
    """A meeting's error naming its Salesforce record."""
    for table in (run.companions or {}).get(run_extras.ACTIVITIES, []):
        if table["file"] == error.get("file"):
            cells = {int(line): cells for line, cells in table["rows"]}
            record = cells.get(int(error.get("line") or 0), ["?"])[0]
            kind = table["file"].split()[-1]
            return f"{kind} {record}, {error.get('column')}: {error.get('reason')}"
    return f"{error.get('file')}, line {error.get('line')}: {error.get('reason')}"
