"""The bulk write: validated records into a staging table, then one upsert by Salesforce id.

PostgreSQL: ``COPY`` into a temporary table; one join with the table keeps the lines that are
new or differ from their row; then ``INSERT … ON CONFLICT (external_id) DO UPDATE`` of those
lines alone, so unchanged rows are not touched. SQLite: the same statements, fed by batched
inserts. Never the ORM row by row.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import IO

from django.db import connection
from django.utils import timezone

from goals.models import Meeting, Opportunity

STAGING = "pacer_import_staging"
CHANGED = "pacer_import_changed"  # the staged lines that are new or differ from their row
BATCH = 5000
# The hash joins' memory for the rest of the import's transaction (the server's default is
# 4 MB): the staging table joined with a million deals then hashes in memory instead of
# spilling to 32 batches on disk (bench/RESULTS.md, ninth session). One committing import
# runs at a time.
JOIN_MEMORY = "256MB"


@dataclass(frozen=True)
class Target:
    model: type
    columns: tuple[str, ...]
    nullable: tuple[str, ...]

    @property
    def table(self) -> str:
        return self.model._meta.db_table


OPPORTUNITIES = Target(
    Opportunity,
    (
        "external_id",
        "name",
        "owner_id",
        "owner_name",
        "account",
        "type",
        "stage",
        "amount",
        "close_date",
        "created_date",
        "sao_date",
        "sourced_by_id",
        "sourced_by_name",
    ),
    ("owner_id", "created_date", "sao_date", "sourced_by_id"),
)
MEETINGS = Target(
    Meeting,
    ("external_id", "sdr_id", "sdr_name", "date", "type", "status", "took_place", "account"),
    ("sdr_id",),
)


@dataclass(frozen=True)
class Diff:
    created: int
    updated: int
    unchanged: int
    missing_from_file: int
    written: int


def spool_writer(handle: IO[str]):
    """A CSV writer for staging records; ``None`` becomes a quoted empty, read back as NULL."""
    return csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _changed(target: Target, old: str, new: str) -> str:
    values = [c for c in target.columns if c != "external_id"]
    if _postgres():
        left = ", ".join(f"{old}.{c}" for c in values)
        right = ", ".join(f"{new}.{c}" for c in values)
        return f"({left}) IS DISTINCT FROM ({right})"
    return "NOT (" + " AND ".join(f"{old}.{c} IS {new}.{c}" for c in values) + ")"


def stage(target: Target, spool: IO[str]) -> None:
    """Load the spooled records, each with its file line, into the staging table."""
    columns = ", ".join(target.columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        if _postgres():
            cursor.execute(
                f"CREATE TEMP TABLE {STAGING} AS "
                f"SELECT {columns}, 0::integer AS line FROM {target.table} WITH NO DATA"
            )
            _copy(cursor, target, spool)
            cursor.execute(f"CREATE INDEX ON {STAGING} (external_id, line)")
            cursor.execute(f"ANALYZE {STAGING}")
        else:
            cursor.execute(
                f"CREATE TEMP TABLE {STAGING} AS "
                f"SELECT {columns}, CAST(0 AS INTEGER) AS line FROM {target.table} WHERE 0"
            )
            _insert_batches(cursor, target, spool)
            cursor.execute(f"CREATE INDEX {STAGING}_id ON {STAGING} (external_id, line)")


def join_memory() -> None:
    """``JOIN_MEMORY`` for the joins of the rest of the transaction (PostgreSQL). Set after
    ``duplicates``: its aggregate over the staging index is faster with the default."""
    if _postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{JOIN_MEMORY}'")


def duplicates(limit: int) -> tuple[int, list[tuple[int, str, int]]]:
    """Rows repeating an id seen on an earlier line: their count and up to ``limit`` of them as
    ``(line, id, first line)``. They are removed from the staging table."""
    repeated = (
        f"SELECT s.line, s.external_id, f.first FROM {STAGING} s JOIN "
        f"(SELECT external_id, MIN(line) AS first FROM {STAGING} GROUP BY external_id "
        f"HAVING COUNT(*) > 1) f ON f.external_id = s.external_id WHERE s.line > f.first"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({repeated}) d")
        (count,) = cursor.fetchone()
        if not count:
            return 0, []
        cursor.execute(f"{repeated} ORDER BY s.line LIMIT %s", [limit])
        found = [(int(line), record_id, int(first)) for line, record_id, first in cursor.fetchall()]
        cursor.execute(f"DELETE FROM {STAGING} WHERE line IN (SELECT line FROM ({repeated}) d)")
    return count, found


def diff_and_upsert(target: Target, *, write: bool, moment=None) -> Diff:
    """Count new / updated / unchanged / missing against the staging table; upsert when
    ``write``; drop the staging table. Call inside the transaction that called ``stage``.
    With ``moment`` (opportunities), a deal with a state newer than it keeps its row."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {STAGING}")
        (total,) = cursor.fetchone()
        cursor.execute(f"SELECT COUNT(*) FROM {target.table}")
        (before,) = cursor.fetchone()
        created, changed = total, 0
        if before:
            # The one join of the staged rows with the table: which staged lines are new or
            # changed, kept for the upsert (ids are unique in each: duplicates were dropped).
            cursor.execute(f"DROP TABLE IF EXISTS {CHANGED}")
            cursor.execute(
                f"CREATE TEMP TABLE {CHANGED} AS SELECT s.line, "
                f"CASE WHEN t.id IS NULL THEN 1 ELSE 0 END AS new FROM {STAGING} s "
                f"LEFT JOIN {target.table} t ON t.external_id = s.external_id "
                f"WHERE t.id IS NULL OR {_changed(target, 't', 's')}"
            )
            if _postgres():
                cursor.execute(f"ANALYZE {CHANGED}")
            cursor.execute(f"SELECT COUNT(*), COALESCE(SUM(new), 0) FROM {CHANGED}")
            differing, created = cursor.fetchone()
            changed = differing - created
        existing = total - created
        written = 0
        if write and (created or changed):
            written = _upsert(cursor, target, moment, only_changed=before > 0)
        cursor.execute(f"DROP TABLE {STAGING}")
        if before:
            cursor.execute(f"DROP TABLE {CHANGED}")
    return Diff(created, changed, existing - changed, before - existing, written)


def _copy(cursor, target: Target, spool: IO[str]) -> None:
    spool.seek(0)
    nulls = ", ".join(target.nullable)
    sql = (
        f"COPY {STAGING} ({', '.join(target.columns)}, line) FROM STDIN "
        f"WITH (FORMAT csv, FORCE_NULL ({nulls}))"
    )
    with cursor.copy(sql) as copy:
        while block := spool.read(1 << 20):
            copy.write(block)


def _insert_batches(cursor, target: Target, spool: IO[str]) -> None:
    spool.seek(0)
    nullable = [i for i, c in enumerate(target.columns) if c in target.nullable]
    marks = ", ".join(["%s"] * (len(target.columns) + 1))
    sql = f"INSERT INTO {STAGING} ({', '.join(target.columns)}, line) VALUES ({marks})"
    batch = []
    for record in csv.reader(spool):
        for index in nullable:
            if record[index] == "":
                record[index] = None
        batch.append(record)
        if len(batch) >= BATCH:
            cursor.executemany(sql, batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)


def _upsert(cursor, target: Target, moment=None, *, only_changed: bool = True) -> int:
    """Insert the new rows and update the changed ones. ``only_changed``: only the staged rows
    in ``CHANGED``, so the statement never touches a row equal to its staged one (``ON CONFLICT
    DO UPDATE`` locks, and so writes, every conflicting row, even one its WHERE leaves alone);
    false when the table was empty: a plain insert, which needs no unique index (``bulk_load``
    may have dropped it)."""
    columns = ", ".join(target.columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in target.columns if c != "external_id")
    params = {"now": connection.ops.adapt_datetimefield_value(timezone.now())}
    latest = "true"
    if moment is not None:
        latest, params["t"] = newer_state_filter(STAGING), moment_value(moment)
    source = f"{STAGING} WHERE"
    if only_changed:
        source = f"{STAGING} JOIN {CHANGED} c ON c.line = {STAGING}.line WHERE"
    selected = ", ".join(f"{STAGING}.{c}" for c in target.columns)
    conflict = (
        f"ON CONFLICT (external_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at "
        f"WHERE {_changed(target, target.table, 'excluded')}"
    )
    cursor.execute(
        f"INSERT INTO {target.table} ({columns}, updated_at) "
        f"SELECT {selected}, %(now)s FROM {source} {latest} {conflict if only_changed else ''}",
        params,
    )
    return cursor.rowcount


def moment_value(moment):
    """A moment as the database compares it (deal history)."""
    return connection.ops.adapt_datetimefield_value(moment)


def newer_state_filter(alias: str) -> str:
    """SQL for the upsert: ``alias``'s deal has no state newer than T (%(t)s): the latest
    observed state is the current one (deal history, issue 15)."""
    from goals.history_models import OpportunityState

    return (
        f"NOT EXISTS (SELECT 1 FROM {OpportunityState._meta.db_table} h "
        f"WHERE h.external_id = {alias}.external_id AND h.observed_at > %(t)s)"
    )
