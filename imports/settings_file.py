"""Import settings as a file, like a Salesforce Data Loader mapping file: what an admin set up
(column picks, stage mapping, currency rates, date format, meeting type filter) downloaded
from the imports page and given to the commands as ``--mapping FILE``, which applies and saves
it before importing.

``{"columns": {field: header}, "stages": {name: "1".."6"|"won"|"lost"},
"currency_rates": {"PEN": "0.27"}, "date_format": "MDY"|"DMY", "meeting_types": [...]}``
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from goals.models import StageAlias
from imports.models import ColumnMapping, CurrencyRate

from . import fields, parsers, preferences, setup

KEYS = ("columns", "stages", "currency_rates", "date_format", "meeting_types")


def settings_of(kind: str) -> dict:
    """The saved set-up of ``kind`` imports, as the settings file's JSON (a few queries)."""
    return {
        "columns": dict(
            ColumnMapping.objects.filter(kind=kind).order_by("field").values_list("field", "column")
        ),
        "stages": dict(StageAlias.objects.order_by("name").values_list("name", "stage")),
        "currency_rates": {
            code: _plain(rate)
            for code, rate in CurrencyRate.objects.values_list("currency", "rate")
        },
        "date_format": preferences.date_format(),
        "meeting_types": preferences.meeting_types(),
    }


def _plain(rate: Decimal) -> str:
    return format(rate.normalize(), "f")


def read(path: str | Path) -> dict:
    """The JSON of a settings file; ValueError naming the file when it is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path.name}: not a readable JSON settings file ({error})") from error
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a JSON object with keys {', '.join(KEYS)}")
    return data


def check(data: dict, kind: str, file: str = "the settings file") -> None:
    """Refuse (ValueError naming the key and what to do) anything the import could not use."""
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ValueError(f"{file}: unknown key(s) {unknown}: use {', '.join(KEYS)}")
    known = {field.name for field in fields.FIELDS[kind]}
    for field, header in _mapping(data, "columns", file).items():
        if field not in known:
            names = ", ".join(sorted(known))
            raise ValueError(f"{file}: columns.{field}: not a field of {kind} imports ({names})")
        if not isinstance(header, str) or not header.strip():
            raise ValueError(f"{file}: columns.{field}: give the column's header as text")
    for name, stage in _mapping(data, "stages", file).items():
        if stage not in parsers.STAGES:
            raise ValueError(f'{file}: stages."{name}" is {stage!r}: use "1".."6", "won" or "lost"')
    for code, rate in _mapping(data, "currency_rates", file).items():
        try:
            ok = Decimal(str(rate)) > 0 and len(code) == 3
        except ArithmeticError:
            ok = False
        if not ok:
            raise ValueError(f"{file}: currency_rates.{code} is {rate!r}: a number above 0")
    if data.get("date_format", "") not in ("", "MDY", "DMY"):
        raise ValueError(f'{file}: date_format is {data["date_format"]!r}: use "MDY" or "DMY"')
    types = data.get("meeting_types", [])
    if not isinstance(types, list) or not all(isinstance(name, str) for name in types):
        raise ValueError(f"{file}: meeting_types: a list of meeting type names")


def _mapping(data: dict, key: str, file: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ValueError(f"{file}: {key}: expected an object ({{name: value}})")
    return value


def apply(data: dict, kind: str, file: str = "the settings file") -> str:
    """Check, then save the settings (all or nothing); returns the file's date format."""
    check(data, kind, file)
    with transaction.atomic():
        for field, header in data.get("columns", {}).items():
            ColumnMapping.objects.update_or_create(
                kind=kind, field=field, defaults={"column": header.strip()}
            )
        for name, stage in data.get("stages", {}).items():
            setup.save_stage(name, stage)
        for code, rate in data.get("currency_rates", {}).items():
            setup.save_rate(code, str(rate))
        if "date_format" in data:
            preferences.save_date_format(data["date_format"])
        if "meeting_types" in data:
            preferences.save_meeting_types(data["meeting_types"])
    return data.get("date_format", "")
