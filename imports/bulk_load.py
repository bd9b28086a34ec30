"""Loading an empty table the way PostgreSQL's manual advises ("Populating a Database"): drop
its secondary indexes and its unique and foreign-key constraints, insert, then build them again.

One sorted build per index is several times cheaper than a million index insertions, and one
anti-join validating a foreign key is cheaper than a million deferred per-row checks at commit.
It happens inside the import's transaction: the indexes and constraints come back from their
own definitions (``pg_get_indexdef``, ``pg_get_constraintdef``) under the same names before it
commits, and a failure anywhere rolls the DDL back with the rows. The table is locked
(``ACCESS EXCLUSIVE``) until then, which only a table with nothing in it can afford: the first
import of an org, or a sync into an empty database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

# The index builds' sort memory, for this transaction only (the server's default is 64 MB).
BUILD_MEMORY = "256MB"

_INDEXES = """
SELECT c.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = %(table)s::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
ORDER BY c.relname
"""
# Unique and foreign-key constraints, unique ones first (re-created in this order); a unique
# constraint another table's foreign key rests on stays.
_CONSTRAINTS = """
SELECT k.conname, pg_get_constraintdef(k.oid)
FROM pg_constraint k
WHERE k.conrelid = %(table)s::regclass AND k.contype IN ('u', 'f')
  AND NOT (k.contype = 'u' AND EXISTS (
      SELECT 1 FROM pg_constraint r WHERE r.contype = 'f' AND r.conindid = k.conindid))
ORDER BY k.contype DESC, k.conname
"""


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def empty_tables(*tables: str) -> list[str]:
    """Of ``tables``, those holding no row, each locked until the transaction ends (so none
    gains a row before the load); [] on a database other than PostgreSQL."""
    if connection.vendor != "postgresql":
        return []
    found = []
    with connection.cursor() as cursor:
        for table in tables:
            if _empty(cursor, table):  # a table with rows is never locked: pages read on
                cursor.execute(f"LOCK TABLE {_quote(table)} IN ACCESS EXCLUSIVE MODE")
                if _empty(cursor, table):
                    found.append(table)
    return found


def _empty(cursor, table: str) -> bool:
    cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {_quote(table)})")  # noqa: S608
    return cursor.fetchone()[0]


@contextmanager
def indexes_after(tables: list[str]) -> Iterator[None]:
    """Around a bulk insert into ``tables`` (empty, locked: ``empty_tables``), inside one
    transaction: their secondary indexes and unique and foreign-key constraints are dropped
    before the block and built again after it."""
    if not tables:
        yield
        return
    params = [{"table": table} for table in tables]
    # ALTER TABLE refuses a table (or one its foreign keys reference) with deferred checks
    # pending: run them now (Django's own SET CONSTRAINTS ALL IMMEDIATE, then DEFERRED).
    connection.check_constraints()
    with connection.cursor() as cursor:
        indexes, constraints = [], []
        for table, param in zip(tables, params, strict=True):
            cursor.execute(_INDEXES, param)
            indexes += cursor.fetchall()
            cursor.execute(_CONSTRAINTS, param)
            constraints += [(table, name, definition) for name, definition in cursor.fetchall()]
        for table, name, _ in reversed(constraints):  # foreign keys first
            cursor.execute(f"ALTER TABLE {_quote(table)} DROP CONSTRAINT {_quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {_quote(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in constraints:
            cursor.execute(
                f"ALTER TABLE {_quote(table)} ADD CONSTRAINT {_quote(name)} {definition}"
            )
