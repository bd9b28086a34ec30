"""Salesforce ``User`` files: a person's name from FirstName/LastName, a role proposed from the
title or user role, the roster's Ramp Year. Plain functions (no ORM)."""

from __future__ import annotations

import re
from datetime import date

from goals.calendar import FiscalYear

from . import fields

# Words of a title or user-role name -> the role they propose (first match wins).
ROLE_WORDS = (
    (("sdr", "bdr", "salesdevelopment", "businessdevelopment", "leaddevelopment"), "sdr"),
    (("admin", "administrator", "salesops", "salesoperations", "revops"), "admin"),
    (("manager", "director", "head", "vp", "vicepresident", "chief", "lead"), "manager"),
    (("accountexecutive", "ae", "accountmanager", "sales", "executive", "rep"), "ae"),
)


def full_name(name: str, first: str, last: str) -> str:
    """The ``Name`` cell, else ``FirstName LastName`` (a Data Export's User file has no Name)."""
    return name.strip() or " ".join(part for part in (first.strip(), last.strip()) if part)


def propose_role(title: str) -> str:
    """The role a Salesforce title or user-role name proposes ("Enterprise AE" -> ae), or ""
    when it proposes none."""
    words = [fields.normalise(word) for word in re.split(r"[\s,/&()\-–]+", title) if word]
    joined = "".join(words)
    for keys, role in ROLE_WORDS:
        if any(key in words or (len(key) > 3 and key in joined) for key in keys):
            return role
    return ""


def ramp_year(text: str, *, start: date | None, today: date) -> int | None:
    """Roster ``Ramp Year``: a fiscal year (2024, FY24), ``Yes`` (ramping in the fiscal year of
    the start date, else this fiscal year), ``No`` or blank (not ramping)."""
    value = text.strip()
    if not value or value.lower() in ("no", "n", "false", "0"):
        return None
    if value.lower() in ("yes", "y", "true"):
        return FiscalYear.containing(start or today).year
    match = re.fullmatch(r"(?:FY)?\s*(\d{2}|\d{4})", value, re.IGNORECASE)
    if not match:
        raise ValueError("not a fiscal year (2024 or FY24), Yes, No or blank")
    year = int(match[1])
    return 2000 + year if year < 100 else year
