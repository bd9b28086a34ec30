"""Meetings exports as Salesforce writes them (issue 14): without an Activity ID a meeting is
keyed by (owner, date, subject, account); without a Status every meeting counts as held, and
the preview says so; a meeting held by someone who is not an SDR is a warning naming them."""

from __future__ import annotations

import hashlib

from imports.models import ImportKind, ImportRun
from people.models import Person, Role

KEY_COLUMNS = "(owner, date, subject, account)"


def meeting_key(owner: str, day: str, subject: str, account: str) -> str:
    """An 18-character key for a meeting without an id: the same row gives the same key on
    every import, so re-importing the file updates rather than duplicates."""
    text = "\x1f".join(part.strip().casefold() for part in (owner, day, subject, account))
    return "M" + hashlib.sha256(text.encode()).hexdigest()[:17].upper()


def key_column(header: list[str], columns: dict[str, int]) -> str:
    """What a duplicate meeting is named by: its Activity ID column, or the key's columns."""
    index = columns.get("external_id")
    return header[index] if index is not None else KEY_COLUMNS


def non_sdrs() -> frozenset[int]:
    """The ids of the people who are not SDRs (one query)."""
    return frozenset(Person.objects.exclude(role=Role.SDR).values_list("id", flat=True))


def file_notes(run: ImportRun, match) -> list[dict]:
    """The preview's notes about a meetings file as a whole (no id, no status)."""
    if run.kind != ImportKind.MEETINGS:
        return []
    notes = []
    if "external_id" not in match.columns:
        reason = (
            f"no Activity ID column: each meeting is keyed by {KEY_COLUMNS}, so two meetings "
            "alike in all four are one; add the Activity ID column to the report to tell them apart"
        )
        notes.append(_note(run, "Activity ID", reason))
    if "status" not in match.columns:
        reason = (
            "no Status column: every meeting is counted as held. If some did not take place "
            "(No Show, Cancelled), add the Status column to the report and upload it again"
        )
        notes.append(_note(run, "Status", reason))
    return notes


def _note(run: ImportRun, column: str, reason: str) -> dict:
    # records.RowError's shape (records imports this module: no import back).
    return {"file": run.file_name, "line": 1, "column": column, "value": "", "reason": reason}


def filter_notes(run: ImportRun, filtered) -> list[dict]:
    """The rows the meeting type filter left out, by type (they count as skipped)."""
    if not filtered:
        return []
    types = ", ".join(f"{kind} ({rows})" for kind, rows in sorted(filtered.items()))
    reason = (
        f"{sum(filtered.values())} row(s) left out by the meeting type filter: {types}; add "
        "a type to the filter (Imports → Stage mapping, or the settings file's meeting_types) "
        "to import it"
    )
    return [_note(run, "Type", reason)]


HELD_QUESTION = (
    "this file has no Status column: did every meeting in it take place? Confirm that they "
    "all did, or add the Status column to the report (No Show, Cancelled … never count) and "
    "upload it again"
)


def needs_held_answer(run: ImportRun) -> bool:
    """A meetings preview with no Status column: confirming needs the admin's word that every
    meeting took place (issue 14), never a silent "held"."""
    return run.kind == ImportKind.MEETINGS and bool(run.columns) and "status" not in run.columns
