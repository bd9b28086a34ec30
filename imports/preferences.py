"""The import settings kept as preferences (``ImportPreference``): the date format the admin
declared, and the meeting type filter (which Event/Task types are imported as meetings)."""

from __future__ import annotations

from imports.models import ImportPreference

from . import parsers

DATE_FORMAT, MEETING_TYPES = "date_format", "meeting_types"


def date_format() -> str:
    """The declared date format ("MDY", "DMY"), or "" (by each file's own evidence)."""
    found = ImportPreference.objects.filter(key=DATE_FORMAT).values_list("value", flat=True)
    return next(iter(found), None) or ""


def meeting_types() -> list[str]:
    """The meeting types imported (as written by the admin); empty: every type."""
    found = ImportPreference.objects.filter(key=MEETING_TYPES).values_list("value", flat=True)
    return list(next(iter(found), None) or [])


def meeting_type_filter() -> frozenset[str]:
    """``meeting_types`` as the keys rows are compared by (case and spacing ignored)."""
    return frozenset(parsers.stage_key(name) for name in meeting_types())


def save_date_format(value: str) -> None:
    if value not in ("", "MDY", "DMY"):
        raise ValueError(f'date format {value!r}: use "MDY", "DMY" or blank')
    ImportPreference.objects.update_or_create(key=DATE_FORMAT, defaults={"value": value})


def save_meeting_types(names: list[str]) -> list[str]:
    """Keep the meeting type filter (blank names dropped, each once); the list kept."""
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise ValueError("meeting types: a list of meeting type names")
    kept, seen = [], set()
    for name in (" ".join(name.split()) for name in names):
        if name and parsers.stage_key(name) not in seen:
            seen.add(parsers.stage_key(name))
            kept.append(name)
    ImportPreference.objects.update_or_create(key=MEETING_TYPES, defaults={"value": kept})
    return kept
