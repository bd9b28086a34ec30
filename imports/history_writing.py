"""The import's deal history: set-based SQL beside the upsert, in its transaction.

With the staging table of ``writing.stage`` loaded, ``record_states`` adds each staged deal
whose values differ from its state at the export's moment T (RULES.md: identical values record
nothing new), and for a complete import a ``removed`` state for each deal with a state at T
that the file does not hold. ``writing._upsert`` then moves a deal's current row only when no
state of it is newer than T: the latest observed state is the current state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from goals.history_models import OpportunityState, StateSource
from goals.models import Opportunity
from imports.models import ImportKind, ImportRun, ImportStatus

from .taken_at import commit_moment
from .writing import OPPORTUNITIES, STAGING, _changed, moment_value, newer_state_filter

STATES = OpportunityState._meta.db_table
VALUES = tuple(c for c in OPPORTUNITIES.columns if c != "external_id")
COLUMNS = ", ".join(OPPORTUNITIES.columns)


@dataclass(frozen=True)
class HistoryDiff:
    """What an import adds to the history: states, removals, and whether T is older than
    the newest state already known; ``newer_states``: some deal has a state after T, so the
    upsert must check each deal (false for the usual import, the newest one)."""

    states: int
    removed: int
    older: bool
    newer_states: bool = True


def _latest_at(alias: str) -> str:
    """SQL: the id of the latest state of ``alias``'s deal at or before T (%(t)s)."""
    return (
        f"(SELECT h.id FROM {STATES} h WHERE h.external_id = {alias}.external_id "
        f"AND h.observed_at <= %(t)s ORDER BY h.observed_at DESC, h.id DESC LIMIT 1)"
    )


def _changed_sql(known: bool = True, unsuperseded: bool = False) -> str:
    """SQL: the staged deals whose values differ from their state at T; ``known`` false when
    no deal has a state at or before T (every staged deal then differs: no look-up);
    ``unsuperseded``: no state is newer than T, so each deal's state at T is its latest, the one
    no state supersedes (``link_states``)."""
    if not known:
        return f"FROM {STAGING} s"
    if unsuperseded:
        # One hash anti-join instead of a probe per staged deal (5%-changed re-import of
        # 1,000,000: 5.0 s -> 2.4 s, bench/RESULTS.md, ninth session).
        return (
            f"FROM {STAGING} s WHERE NOT EXISTS (SELECT 1 FROM {STATES} p "
            f"WHERE p.external_id = s.external_id AND p.superseded_at IS NULL "
            f"AND NOT {_changed(OPPORTUNITIES, 'p', 's')})"
        )
    if connection.vendor == "postgresql":
        # One index probe per staged deal, its latest state at T read in the same step.
        latest = (
            f"LATERAL (SELECT h.* FROM {STATES} h WHERE h.external_id = s.external_id "
            f"AND h.observed_at <= %(t)s ORDER BY h.observed_at DESC, h.id DESC LIMIT 1) p"
        )
        return (
            f"FROM {STAGING} s LEFT JOIN {latest} ON true "
            f"WHERE p.id IS NULL OR {_changed(OPPORTUNITIES, 'p', 's')}"
        )
    return (
        f"FROM {STAGING} s LEFT JOIN {STATES} p ON p.id = {_latest_at('s')} "
        f"WHERE p.id IS NULL OR {_changed(OPPORTUNITIES, 'p', 's')}"
    )


def _removed_sql() -> str:
    # The latest state at T of every deal, those not removed already and not in the file.
    latest = (
        f"SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY external_id "
        f"ORDER BY observed_at DESC, id DESC) AS n FROM {STATES} WHERE observed_at <= %(t)s) r "
        f"WHERE n = 1"
    )
    return (
        f"FROM {STATES} p WHERE p.id IN ({latest}) AND p.stage <> 'removed' AND NOT EXISTS "
        f"(SELECT 1 FROM {STAGING} s WHERE s.external_id = p.external_id)"
    )


def record_states(moment: datetime, run_id: int, *, complete: bool, write: bool) -> HistoryDiff:
    """Count (``write`` false) or insert the import's states at ``moment``; call with the
    staging table loaded, inside the import's transaction, before the upsert."""
    params = {"t": moment_value(moment), "run": run_id}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {STATES} WHERE observed_at > %(t)s), "
            f"EXISTS (SELECT 1 FROM {STATES} WHERE observed_at <= %(t)s)",
            params,
        )
        older, known = (bool(found) for found in cursor.fetchone())
        if not write:
            cursor.execute(f"SELECT COUNT(*) {_changed_sql(known, unsuperseded=not older)}", params)
            states = cursor.fetchone()[0]
            removed = 0
            if complete:
                cursor.execute(f"SELECT COUNT(*) {_removed_sql()}", params)
                removed = cursor.fetchone()[0]
            return HistoryDiff(states, removed, older)
        removed = later = 0
        if complete:
            values = ", ".join(f"p.{c}" if c != "stage" else "'removed'" for c in VALUES)
            cursor.execute(
                f"INSERT INTO {STATES} (external_id, {', '.join(VALUES)}, observed_at, "
                f"import_run_id, source) SELECT p.external_id, {values}, %(t)s, %(run)s, "
                f"'{StateSource.COMPLETE}' {_removed_sql()}",
                params,
            )
            removed = cursor.rowcount
        later = _removed_by_later_complete(cursor, params)
        removed += later
        cursor.execute(
            f"INSERT INTO {STATES} ({COLUMNS}, observed_at, import_run_id, source) "
            f"SELECT {', '.join('s.' + c for c in OPPORTUNITIES.columns)}, %(t)s, %(run)s, "
            f"'{StateSource.IMPORT}' {_changed_sql(known, unsuperseded=not older and not later)}",
            params,
        )
        states = cursor.rowcount
    return HistoryDiff(states, removed, older, newer_states=older or later > 0)


def _removed_by_later_complete(cursor, params: dict) -> int:
    """An export older than a complete import, holding deals that had no state at that
    import's moment: that import did not hold them, so they are ``removed`` from its moment
    on (imports in any order give the same history)."""
    cursor.execute(
        f"SELECT MIN(taken_at) FROM {ImportRun._meta.db_table} WHERE complete AND "
        f"status = %(done)s AND kind = %(kind)s AND taken_at > %(t)s",
        {**params, "done": ImportStatus.DONE, "kind": ImportKind.OPPORTUNITIES},
    )
    (complete_at,) = cursor.fetchone()
    if complete_at is None:
        return 0
    values = ", ".join(f"s.{c}" if c != "stage" else "'removed'" for c in VALUES)
    cursor.execute(
        f"INSERT INTO {STATES} (external_id, {', '.join(VALUES)}, observed_at, import_run_id, "
        f"source) SELECT s.external_id, {values}, %(c)s, %(run)s, '{StateSource.COMPLETE}' "
        f"FROM {STAGING} s WHERE NOT EXISTS (SELECT 1 FROM {STATES} h "
        f"WHERE h.external_id = s.external_id AND h.observed_at <= %(c)s)",
        {**params, "c": complete_at},
    )
    return cursor.rowcount


def record_for_run(run, *, write: bool) -> tuple[datetime, bool]:
    """``record_states`` for an import run at its moment, its counts kept on the run;
    returns the moment and whether some deal has a state after it."""
    moment = commit_moment(run)
    found = record_states(moment, run.pk, complete=run.complete, write=write)
    run.states_recorded, run.removed = found.states, found.removed
    run.older_than_data = found.older
    return moment, found.newer_states


def drop_removed(moment: datetime, run_id: int) -> int:
    """Delete the current rows of the deals this run removed, unless a newer state exists:
    a removed deal counts in no figure, and its history stays."""
    params = {"t": moment_value(moment), "run": run_id}
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Opportunity._meta.db_table} WHERE external_id IN "
            f"(SELECT p.external_id FROM {STATES} p WHERE p.import_run_id = %(run)s "
            f"AND p.stage = 'removed' AND {newer_state_filter('p')})",
            params,
        )
        return cursor.rowcount


def link_states(run_id: int, *, alone: bool = False) -> int:
    """Set ``superseded_at`` on every state of each deal ``run_id`` wrote a state of: the
    moment of the deal's next state, by observed_at then id (null for its latest); call in the
    run's transaction after its last state is written. ``alone``: the tables held no state
    before the run, so every state is the run's. Returns the rows changed."""
    # Alone, no need to find the run's deals first: on a first sync of 1,000,000 that search
    # took 2 of the statement's 16.5 s.
    touched = (
        ""
        if alone
        else f"WHERE h.external_id IN (SELECT DISTINCT external_id FROM {STATES} "
        f"WHERE import_run_id = %(run)s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH ordered AS (SELECT h.id, LEAD(h.observed_at) OVER (PARTITION BY "
            f"h.external_id ORDER BY h.observed_at, h.id) AS next, h.superseded_at AS was "
            f"FROM {STATES} h {touched}) "
            f"UPDATE {STATES} SET superseded_at = ordered.next FROM ordered "
            f"WHERE {STATES}.id = ordered.id AND ordered.was IS DISTINCT FROM ordered.next",
            {} if alone else {"run": run_id},
        )
        return cursor.rowcount
