"""Running an import: read, validate, preview or commit, and record it all on the ImportRun."""

from __future__ import annotations

import hashlib
import io
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.dispatch import Signal
from django.utils import timezone

from goals.audit import record_import
from goals.history_models import OpportunityState, TakenAtSource
from goals.models import Meeting, Opportunity, PersonAlias, StageAlias
from imports.models import ColumnMapping, CurrencyRate, ImportKind, ImportRun, ImportStatus
from people.models import Person

from . import (
    bulk_load,
    column_mappings,
    columns,
    dates,
    fields,
    history_writing,
    meetings,
    parsers,
    people,
    preferences,
    records,
    run_extras,
    setup,
    taken_at,
    writing,
)
from .delivery import begin_delivery
from .reading import ImportFileError, read_table

log = logging.getLogger(__name__)
# Sent after a committed import that changed data, with ``run``; ``imports.tasks`` queues the
# recompute of today on it (``imports.apps``), so this service never imports a task.
data_imported = Signal()
# Sent with ``run`` when a committing import has written its rows, before they commit (the
# last moment a crash must change nothing; the fault tests stop there).
import_written = Signal()
PROGRESS_EVERY = 10_000
# pg_advisory_lock key: one committing import at a time (the recompute uses 7_400_001).
IMPORT_LOCK_KEY = 7_400_002
ABANDONED = (
    "abandoned: the worker running this import stopped before it committed, so nothing "
    "changed; confirm (or run) it again"
)
MAX_STORED_ERRORS = 10_000
# autovacuum's defaults (autovacuum_analyze_threshold, autovacuum_analyze_scale_factor)
ANALYZE_BASE, ANALYZE_SCALE = 50, 0.1
ANALYZED = {ImportKind.OPPORTUNITIES: Opportunity, ImportKind.MEETINGS: Meeting}
# What an opportunity import writes: loaded index-last when empty (bulk_load).
STATES_TABLE = OpportunityState._meta.db_table
HISTORY_TABLES = (Opportunity._meta.db_table, STATES_TABLE)


class ImportAlreadyRunning(Exception):
    """A second import was asked to commit while one is still writing."""

    def __init__(self) -> None:
        super().__init__("an import is already running: wait for it to finish, then confirm again")


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def check_upload_size(file: str, size: int) -> None:
    """Refuse a file larger than ``MAX_UPLOAD_BYTES`` from its size alone, before reading it."""
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        raise ImportFileError(
            file,
            f"the file is {megabytes(size)}, over the upload limit of {megabytes(limit)} "
            "(MAX_UPLOAD_BYTES): split it or export fewer columns",
        )


def checksum(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    while block := handle.read(1 << 20):
        digest.update(block)
    handle.seek(0)
    return digest.hexdigest()


def last_imported(kind: str | None = None):
    """When an import last committed (of ``kind``, or any), or None; one query."""
    runs = ImportRun.objects.filter(commit=True, status=ImportStatus.DONE)
    if kind:
        runs = runs.filter(kind=kind)
    return runs.aggregate(at=models.Max("finished_at"))["at"]


def after_commit(run: ImportRun) -> None:
    """Once an import has changed data, refresh the planner's statistics if it changed much,
    then recompute today's figures (both after the commit)."""
    log.info("import %s committed: %s new, %s updated", run.pk, run.created, run.updated)
    if run.created or run.updated or run_extras.changed(run):
        if changed_much(run) and run.kind in ANALYZED:
            transaction.on_commit(partial(analyze, ANALYZED[run.kind]._meta.db_table))
        # Whoever keeps figures of the imported data (the recompute) queues its work here.
        transaction.on_commit(lambda: data_imported.send(sender=ImportRun, run=run))


def changed_much(run: ImportRun) -> bool:
    """Whether the import wrote more rows than autovacuum lets pass before it re-analyzes a
    table (50 + 10% of its rows): past that, plans rest on stale statistics until it wakes."""
    rows_before = run.updated + run.unchanged + run.missing_from_file
    return run.created + run.updated > ANALYZE_BASE + ANALYZE_SCALE * rows_before


def analyze(table: str) -> None:
    """ANALYZE ``table`` (PostgreSQL: it samples, a fraction of a second even on a million
    rows), so the pages' next queries are planned on what was just imported."""
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    except DatabaseError:
        # The import stands; autovacuum will analyze the table later.
        log.warning("ANALYZE %s after import failed", table, exc_info=True)


def _progress(run: ImportRun, **counts) -> None:
    for name, value in counts.items():
        setattr(run, name, value)
    ImportRun.objects.filter(pk=run.pk).update(**counts)


@contextmanager
def import_lock() -> Iterator[None]:
    """One committing import at a time: a PostgreSQL session advisory lock, which PostgreSQL
    releases itself when the process holding it dies (so a killed worker never blocks the
    next import). SQLite: the unique "running" constraint alone."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK_KEY])
        (acquired,) = cursor.fetchone()
    if not acquired:
        raise ImportAlreadyRunning
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])


def _release_abandoned(run: ImportRun) -> None:
    """Under the lock nobody else is importing: a run still marked running died with its
    worker (nothing of it was committed). One with its file stored goes back to its preview,
    to be confirmed again; one from the command line is marked failed."""
    if connection.vendor != "postgresql":
        return
    now = timezone.now()
    stale = ImportRun.objects.filter(status=ImportStatus.RUNNING).exclude(pk=run.pk)
    stale.filter(data__isnull=False).update(
        status=ImportStatus.PREVIEWED, commit=False, message=ABANDONED, finished_at=now
    )
    stale.update(status=ImportStatus.FAILED, message=ABANDONED, finished_at=now)


def _claim(run: ImportRun) -> None:
    """Mark ``run`` running; the unique "running" constraint refuses a second one."""
    _release_abandoned(run)
    try:
        with transaction.atomic():
            ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING)
    except IntegrityError as error:
        raise ImportAlreadyRunning from error
    run.status = ImportStatus.RUNNING


def execute(
    run: ImportRun, handle: BinaryIO | None = None, companions: dict | None = None
) -> ImportRun:
    """Preview (``run.commit`` false) or commit ``run``; the file comes from ``handle`` or from
    the bytes stored on the run. Every outcome is saved on the run; a commit while another
    import commits is refused ("an import is already running")."""
    if not run.commit:
        return _execute(run, handle, companions)
    try:
        with import_lock():
            return _execute(run, handle, companions)
    except ImportAlreadyRunning as error:
        run.status, run.message = ImportStatus.REJECTED, str(error)
        run.started_at = run.finished_at = timezone.now()
        run.save()
        return run


def _execute(run: ImportRun, handle: BinaryIO | None, companions: dict | None) -> ImportRun:
    if not begin_delivery(run):  # issue 19: finished already, or given up after its attempts
        return run
    handle = handle or io.BytesIO(bytes(run.data or b""))
    run.started_at, run.finished_at = timezone.now(), None
    run.errors, run.error_count, run.message = [], 0, ""
    run.date_reading, run.unplaced = "", {}
    if run.commit:
        try:
            _claim(run)
        except ImportAlreadyRunning as error:
            run.status, run.message = ImportStatus.REJECTED, str(error)
            run.finished_at = timezone.now()
            run.save()
            return run
    else:
        run.status = ImportStatus.PREVIEWING
    run.save()
    try:
        if run.kind == ImportKind.PEOPLE:
            people.run(run, handle)
        else:
            _run_bulk(run, handle, _companions(run, companions or {}))
    except ImportFileError as error:
        _reject(run, [records.RowError(error.file, error.line, error.column, "", error.reason)])
    except Exception as error:
        log.exception("import %s failed", run.pk)
        run.status, run.message = ImportStatus.FAILED, f"failed, nothing changed: {error}"
    run.finished_at = timezone.now()
    if run.status == ImportStatus.DONE:
        run.data = None  # committed: the checksum stays as the record of what was read
    run.save()
    record_import(run)
    if run.status == ImportStatus.DONE:
        after_commit(run)
    return run


def _reject(run: ImportRun, errors: list[records.RowError]) -> None:
    run.status = ImportStatus.REJECTED
    run.errors = [e.as_dict() for e in errors[:MAX_STORED_ERRORS]]
    run.error_count = max(run.error_count, len(errors))
    run.message = "nothing changed: fix the file, or import the valid rows only"


def _companions(run: ImportRun, given: dict) -> dict:
    """Users and Accounts files of a data loader export: id18 -> (name, email) / name; read
    from the given files, or from the run (the upload page parsed them already)."""
    found = {name: people.lookup_file(handle, name) for name, handle in given.items()}
    if found:
        run.companions = found
        return found
    stored = dict(run.companions or {})
    if "users" in stored:
        stored["users"] = {key: tuple(value) for key, value in stored["users"].items()}
    return stored


def _overrides(kind: str) -> dict[str, str]:
    return dict(ColumnMapping.objects.filter(kind=kind).values_list("field", "column"))


def check_rows(kind: str, ctx: records.Context, rows) -> Iterator[columns.Checked]:
    """The file's data rows validated, a chunk at a time: opportunities column by column (the
    row path decides only the rows that fast path cannot), meetings row by row."""
    if kind == ImportKind.OPPORTUNITIES:
        return columns.opportunities(ctx, rows)
    return columns.row_by_row(records.meeting, ctx, rows)


def row_context(run, table, match, companions, reading=None) -> records.Context:
    """What validating ``table``'s rows needs: people, stage aliases, rates (a few queries);
    ``reading``: how the file's dates read (dates.decide), else the run's declared format."""
    directory = records.PersonDirectory(
        Person.objects.values_list("id", "name", "email", "salesforce_id"),
        companions.get("users"),
        PersonAlias.objects.values_list("name", "person_id"),
    )
    return records.Context(
        file=run.file_name,
        header=table.header,
        columns=match.columns,
        people=directory,
        dates=reading.parser() if reading else parsers.DateParser(run.date_format),
        # European exports: ";" between fields, "," before the cents.
        decimal_comma=table.delimiter == ";",
        aliases={
            parsers.stage_key(name): stage
            for name, stage in StageAlias.objects.values_list("name", "stage")
        },
        rates={c: Decimal(r) for c, r in CurrencyRate.objects.values_list("currency", "rate")},
        company_currency=settings.COMPANY_CURRENCY,
        accounts=companions.get("accounts"),
        non_sdrs=meetings.non_sdrs() if run.kind == ImportKind.MEETINGS else frozenset(),
        meeting_types=(
            preferences.meeting_type_filter() if run.kind == ImportKind.MEETINGS else frozenset()
        ),
    )


def _check_into(spool, run: ImportRun, ctx: records.Context, rows) -> tuple:
    """Validate the data rows, spooling the valid ones' records; ``(rows, rows skipped, the
    first MAX_STORED_ERRORS errors)``, with progress and the error count kept on ``run``."""
    errors: list[records.RowError] = []
    count = skipped = 0
    out = writing.spool_writer(spool)
    for checked in check_rows(run.kind, ctx, rows):
        out.writerows(checked.records)
        skipped += len(checked.errors)
        for row_errors in checked.errors:
            if len(errors) < MAX_STORED_ERRORS:
                errors.extend(row_errors)
            run.error_count += len(row_errors)
        if (count + checked.rows) // PROGRESS_EVERY > count // PROGRESS_EVERY:
            _progress(run, rows_read=count + checked.rows, rows_validated=count + checked.rows)
        count += checked.rows
    spool.flush()
    _progress(run, rows_read=count, rows_validated=count)
    return count, skipped, errors


def _add_duplicates(run: ImportRun, errors: list, column: str) -> int:
    """Add the staged rows whose id repeats an earlier line to ``errors``; how many."""
    count, repeated = writing.duplicates(MAX_STORED_ERRORS)
    if count:
        run.error_count += count
        errors.extend(
            records.RowError(
                run.file_name,
                line,
                column,
                record_id,
                f"duplicate {fields.FIELDS[run.kind][0].label}: also on line {first}",
            )
            for line, record_id, first in repeated
        )
        errors.sort(key=lambda error: error.line)
        del errors[MAX_STORED_ERRORS:]
    return count


def _run_bulk(run: ImportRun, handle: BinaryIO, companions: dict) -> None:
    overrides = _overrides(run.kind)
    reading = dates.decide(run.kind, handle, run.file_name, run.date_format, overrides)
    run.date_reading = reading.explanation()
    table = read_table(handle, run.file_name, fields.header_finder(run.kind, overrides))
    match = fields.match_columns(run.kind, table.header, overrides)
    run.columns, run.ignored_columns = match.picked(), match.ignored
    if match.missing:
        raise ImportFileError(
            run.file_name,
            fields.missing_columns(run.kind, match.missing),
            line=table.header_line,
            column=", ".join(match.missing),
        )
    ctx = row_context(run, table, match, companions, reading)
    opportunities = run.kind == ImportKind.OPPORTUNITIES
    target = writing.OPPORTUNITIES if opportunities else writing.MEETINGS
    if opportunities:
        taken_at.find_moment(run, handle)
    extras = run_extras.check(run, companions, MAX_STORED_ERRORS)
    try:
        _write_bulk(run, target, table, match, ctx, extras)
    finally:
        if extras:
            extras.close()


def _write_bulk(run: ImportRun, target, table, match, ctx, extras) -> None:
    """The rows checked, then (in one transaction) staged, counted against the database and,
    on a commit without errors, written with their history and the run's extras."""
    opportunities = run.kind == ImportKind.OPPORTUNITIES
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        rows, skipped, errors = _check_into(spool, run, ctx, table.rows)
        if rows == 0:
            raise ImportFileError(run.file_name, "the file has a header but no data rows", 2)
        with transaction.atomic():
            writing.stage(target, spool)
            key_column = meetings.key_column(table.header, match.columns)
            skipped += _add_duplicates(run, errors, key_column)
            writing.join_memory()
            if extras:  # an error in the meetings refuses the run as one in its own rows
                run.error_count += extras.error_total
                errors = (errors + extras.errors)[:MAX_STORED_ERRORS]
            run.rows_in_file, run.skipped = rows, skipped + sum(ctx.filtered.values())
            run.unplaced = setup.unplaced_of(ctx.unplaced, ctx.people.users)
            run.warnings = (
                records.file_warnings(table)
                + meetings.file_notes(run, match)
                + meetings.filter_notes(run, ctx.filtered)
                + [w.as_dict() for w in ctx.warnings]
                + (extras.warnings if extras else [])
            )
            run.errors = [e.as_dict() for e in errors]
            write = run.commit and (not run.error_count or run.skip_invalid)
            empty = bulk_load.empty_tables(*HISTORY_TABLES) if write and opportunities else []
            with bulk_load.indexes_after(empty):
                moment, newer = (
                    history_writing.record_for_run(run, write=write)
                    if opportunities
                    else (None, False)
                )
                # With no state after T anywhere no deal keeps its row: skip the per-row check.
                diff = writing.diff_and_upsert(
                    target, write=write, moment=moment if newer else None
                )
                if write and opportunities and run.complete:
                    history_writing.drop_removed(moment, run.pk)
                if extras:
                    run_extras.write(extras, run, write=write, moment=moment)
                # Still with the indexes down on a first load: the OpportunityHistory backfill
                # (a Data Export's or the sync's) and the states' links are most of its writes.
                if write:
                    import_written.send(sender=ImportRun, run=run)
                    history_writing.link_states(run.pk, alone=STATES_TABLE in empty)
    run.created, run.updated, run.unchanged = diff.created, diff.updated, diff.unchanged
    run.missing_from_file, run.rows_written = diff.missing_from_file, diff.written
    if not run.commit:
        run.status = ImportStatus.PREVIEWED
    elif write:
        run.status = ImportStatus.DONE
    else:
        _reject(run, errors)


def import_file(
    kind: str,
    path: str | Path,
    *,
    user=None,
    commit: bool = True,
    skip_invalid: bool = False,
    date_format: str = "",
    users: str | Path | None = None,
    accounts: str | Path | None = None,
    taken_at=None,
    complete: bool = False,
) -> ImportRun:
    """Import the export at ``path`` (the command-line and demo path); returns the run.
    ``taken_at``: when the export was taken; ``complete``: absent deals are removed."""
    path = Path(path)
    check_upload_size(path.name, path.stat().st_size)
    with path.open("rb") as handle:
        run = ImportRun.objects.create(
            kind=kind,
            user=user,
            file_name=path.name,
            checksum=checksum(handle),
            commit=commit,
            skip_invalid=skip_invalid,
            date_format=date_format,
            taken_at=taken_at,
            taken_at_source=TakenAtSource.GIVEN if taken_at else "",
            complete=complete,
        )
        companions = {}
        try:
            for name, companion in (("users", users), ("accounts", accounts)):
                if companion:
                    companions[name] = Path(companion).open("rb")  # noqa: SIM115 - closed below
            return execute(run, handle, companions)
        finally:
            for companion in companions.values():
                companion.close()


def confirm(run: ImportRun, *, skip_invalid: bool, all_held: bool = False) -> ImportRun:
    """The admin confirmed a preview: queue the commit. A meetings file with no Status column
    needs ``all_held`` (every meeting took place): ValueError saying so otherwise."""
    if meetings.needs_held_answer(run) and not all_held:
        raise ValueError(meetings.HELD_QUESTION)
    run.all_held = meetings.needs_held_answer(run)
    run.commit, run.skip_invalid, run.status = True, skip_invalid, ImportStatus.QUEUED
    run.rows_read = run.rows_validated = run.rows_written = 0
    run.save()
    return run


class ImportNotQueued(Exception):
    """The task queue (Redis) is unreachable: the run was not queued and nothing changed."""


def remap(run: ImportRun, mapping: dict[str, str]) -> ImportRun:
    """Save the admin's column choices for this kind of file and queue a fresh preview."""
    column_mappings.column_mappings_save(kind=run.kind, columns=mapping)
    run.status, run.commit = ImportStatus.UPLOADED, False
    run.save()
    return run
