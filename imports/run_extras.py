"""What an opportunities run carries beside its file, previewed and committed with it in the
same transaction (all or nothing): meetings (a Data Export's Event.csv/Task.csv, a sync's
Event/Task records, as ``activities.MeetingTable``s) and past states (a Data Export's
OpportunityHistory.csv, written by ``past_states``, the sync's writer).

Both are stored on the run (``companions[ACTIVITIES]``, ``companions[HISTORY]``), so a preview
and its commit read the same. The meetings go through the meetings import's own row checks
(``records.meeting``, the admin's type filter, the staging upsert); an error in them refuses
the whole run like an error in the opportunities. What the run writes (or would write) is kept
in ``companions[WRITTEN]`` for the summary and the preview.
"""

from __future__ import annotations

import csv
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import IO

from goals.models import PersonAlias
from imports.models import ImportRun
from people.models import Person

from . import activities, columns, dates, meetings, past_states, preferences, records, writing

ACTIVITIES, HISTORY, WRITTEN = "activities", "opportunity_history", "in_run"


@dataclass
class CheckedTable:
    """One Event/Task table checked: its valid records spooled, what the filter left out."""

    table: activities.MeetingTable
    spool: IO[str]
    rows: int = 0
    valid: int = 0
    invalid: int = 0
    filtered: Counter = field(default_factory=Counter)


@dataclass
class Extras:
    tables: list[CheckedTable]
    errors: list[records.RowError]
    warnings: list[dict]
    history: list[dict] | None
    error_total: int = 0

    def close(self) -> None:
        for checked in self.tables:
            checked.spool.close()


def carries(run: ImportRun) -> bool:
    stored = run.companions or {}
    return ACTIVITIES in stored or HISTORY in stored


def check(run: ImportRun, companions: dict, limit: int) -> Extras | None:
    """Check the run's meetings rows (None when it carries nothing beyond its file): up to
    ``limit`` errors kept, each naming the Event/Task file, its line and column."""
    if not carries(run):
        return None
    stored = run.companions or {}
    directory = records.PersonDirectory(
        Person.objects.values_list("id", "name", "email", "salesforce_id"),
        companions.get("users"),
        PersonAlias.objects.values_list("name", "person_id"),
    )
    shared = {"non_sdrs": meetings.non_sdrs(), "types": preferences.meeting_type_filter()}
    extras = Extras([], [], [], stored.get(HISTORY))
    for data in stored.get(ACTIVITIES, []):
        table = activities.MeetingTable.from_json(data)
        ctx = _context(run, table, directory, companions, shared)
        extras.tables.append(_check_table(ctx, table, extras, limit))
        named = SimpleNamespace(file_name=table.file)  # filter_notes names the run's file
        extras.warnings.extend(meetings.filter_notes(named, ctx.filtered))
        extras.warnings.extend(w.as_dict() for w in ctx.warnings)
    return extras


def _context(run, table, directory, companions, shared) -> records.Context:
    day = table.header[activities.COLUMNS["date"]]
    if run.date_format:
        reading = dates.DateReading(run.date_format, declared=True)
    else:
        index = activities.COLUMNS["date"]
        reading = dates.weigh((line, day, cells[index]) for line, cells in table.rows)
    return records.Context(
        file=table.file,
        header=list(table.header),
        columns=dict(activities.COLUMNS),
        people=directory,
        dates=reading.parser(),
        accounts=companions.get("accounts"),
        non_sdrs=shared["non_sdrs"],
        meeting_types=shared["types"],
    )


def _check_table(ctx, table, extras: Extras, limit: int) -> CheckedTable:
    spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115 - Extras.close
    checked = CheckedTable(table, spool)
    out = writing.spool_writer(checked.spool)
    first_line: dict[str, int] = {}
    for chunk in columns.row_by_row(records.meeting, ctx, table.rows):
        checked.rows += chunk.rows
        checked.invalid += len(chunk.errors)
        for errors in chunk.errors:
            extras.errors.extend(errors)
            extras.error_total += len(errors)
        for record in chunk.records:
            line = first_line.setdefault(record[0], record[-1])
            if line != record[-1]:
                reason = f"duplicate Activity ID: also on line {line}"
                extras.errors.append(
                    records.RowError(table.file, record[-1], "Id", record[0], reason)
                )
                checked.invalid += 1
                extras.error_total += 1
                continue
            out.writerow(record)
            checked.valid += 1
    checked.spool.flush()
    checked.filtered = ctx.filtered
    del extras.errors[limit:]
    return checked


def write(extras: Extras, run: ImportRun, *, write: bool, moment: datetime) -> dict:
    """In the run's transaction, after its opportunities' upsert: the meetings staged and
    upserted (counted only, when not ``write``), the past states recorded (or counted). What
    was (or would be) written is kept on the run (``companions[WRITTEN]``) and returned."""
    written: dict = {"meetings": {}, "past_states": 0, "history": False, "notes": []}
    for checked in extras.tables:
        writing.stage(writing.MEETINGS, checked.spool)
        diff = writing.diff_and_upsert(writing.MEETINGS, write=write)
        written["meetings"][checked.table.file] = {
            "rows": checked.rows + checked.table.deleted,
            "created": diff.created,
            "updated": diff.updated,
            "unchanged": diff.unchanged,
            "filtered": sum(checked.filtered.values()),
            "invalid": checked.invalid,
            "deleted": checked.table.deleted,
            "held": _held(checked),
        }
    if extras.history is not None:
        written["history"] = True
        past = past_states.past_states(extras.history, moment)
        written["past_states"] = past_states.record_past(past, run.pk, write=write)
        if past.note():
            written["notes"].append(past.note())
    kept = dict(run.companions or {}) | {WRITTEN: written}
    if write:  # committed: the rows are in the database now, the run keeps only its counts
        kept.pop(ACTIVITIES, None)
        kept.pop(HISTORY, None)
    run.companions = kept
    return written


def _held(checked: CheckedTable) -> int:
    checked.spool.seek(0)
    index = writing.MEETINGS.columns.index("took_place")
    return sum(1 for record in csv.reader(checked.spool) if record[index] == "1")


def changed(run: ImportRun) -> bool:
    """Whether the run's extras changed data (so the figures are recomputed after it)."""
    written = (run.companions or {}).get(WRITTEN) or {}
    moved = any(m["created"] or m["updated"] for m in written.get("meetings", {}).values())
    return bool(run.commit and (moved or written.get("past_states")))


def summary(run: ImportRun) -> list[str]:
    """The summary's lines for the extras: meetings per file, past states."""
    written = (run.companions or {}).get(WRITTEN)
    if not written:
        return []
    verb = "would write" if not run.commit else "wrote"
    lines = []
    for file, m in written.get("meetings", {}).items():
        lines.append(
            f"{file}: {m['rows']} row(s): {verb} {m['created'] + m['updated']} meeting(s) "
            f"(new {m['created']}, updated {m['updated']}, unchanged {m['unchanged']}; "
            f"{m['held']} took place) + left out by the meeting type filter {m['filtered']} "
            f"+ with errors {m['invalid']} + deleted in Salesforce {m['deleted']}"
        )
    if written.get("history"):
        lines.append(
            f"OpportunityHistory: {verb} {written['past_states']} past state(s) into the deal "
            "history"
        )
    lines.extend(written.get("notes", []))
    return lines
