"""The admin's column mappings: which file column feeds each of our fields, per kind of file
(saved here or from a preview's column choices; a blank column goes back to matching the
header by its usual names). Audited by django-auditlog (``ColumnMapping`` is tracked)."""

from __future__ import annotations

from django.db import transaction

from imports.fields import FIELDS
from imports.models import ColumnMapping, ImportKind

COLUMN_LENGTH = ColumnMapping._meta.get_field("column").max_length


def column_mappings() -> dict[str, dict[str, str]]:
    """Each kind's saved mappings, field → column (one query)."""
    found: dict[str, dict[str, str]] = {kind: {} for kind in ImportKind.values}
    for kind, field, column in ColumnMapping.objects.values_list("kind", "field", "column"):
        found.setdefault(kind, {})[field] = column
    return found


def column_mappings_save(*, kind: str, columns: dict[str, str]) -> int:
    """Save ``columns`` (field → column, blank: no mapping) for ``kind`` in one transaction;
    the number of fields changed. ValueError, nothing saved, for a kind or field we do not
    read or a column name too long."""
    if kind not in ImportKind.values:
        raise ValueError(f"unknown kind of file {kind!r}: {', '.join(ImportKind.values)}")
    known = {field.name for field in FIELDS[kind]}
    unknown = sorted(set(columns) - known)
    if unknown:
        raise ValueError(f"{kind} files have no field {', '.join(unknown)}")
    too_long = [f for f, c in columns.items() if len(c.strip()) > COLUMN_LENGTH]
    if too_long:
        raise ValueError(f"column for {too_long[0]}: at most {COLUMN_LENGTH} characters")
    saved = dict(ColumnMapping.objects.filter(kind=kind).values_list("field", "column"))
    changed = 0
    with transaction.atomic():
        for field, column in columns.items():
            column = column.strip()
            if column == saved.get(field, ""):
                continue
            changed += 1
            if column:
                ColumnMapping.objects.update_or_create(
                    kind=kind, field=field, defaults={"column": column}
                )
            else:  # each row deleted by itself, so the audit trail records it
                for mapping in ColumnMapping.objects.filter(kind=kind, field=field):
                    mapping.delete()
    return changed
