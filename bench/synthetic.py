"""Deterministic synthetic Salesforce exports at the scale of a large sales org.

A roster of 10 managers, each with a team of 50 (45 AEs and 5 SDRs): 500 reps, 450 of them
opportunity owners. An opportunity report export ("Details only" CSV, amounts and dates as
Salesforce writes them) and an activity export of the SDRs' meetings.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from demo.demo import MEETING_HEADER, OPPORTUNITY_HEADER, PEOPLE_HEADER, STAGE_NAMES
from goals.salesforce import to_18_char_id

MANAGERS, AES_PER_MANAGER, SDRS_PER_MANAGER = 10, 45, 5
MEETING_TYPES = ["New Business Meeting", "New Business Meeting", "EBC", "Referral", "Demo"]
MEETING_STATUSES = ["Completed", "Completed", "Completed", "No Show", "Cancelled"]
FIRST_CREATED = date(2022, 6, 1)
STAGES = list(STAGE_NAMES.values())
TYPES = ["New Business", "New Customer", "Existing Business", "Existing Customer - Upgrade"]


def ae_name(index: int) -> str:
    return f"Bench Rep {index:03d}"


def sdr_name(index: int) -> str:
    return f"Bench SDR {index:02d}"


def write_roster(path: Path, managers: int = MANAGERS) -> Path:
    """The admin, managers, AEs and SDRs as a team-roster CSV (``managers`` teams of 50)."""
    rows = [["Bench Admin", "admin@bench.example", "admin", "", "", "", "", ""]]
    for m in range(managers):
        rows.append(
            [f"Bench Manager {m}", f"manager{m}@bench.example", "manager", "", "L5", "", "", ""]
        )
        for a in range(AES_PER_MANAGER):
            index = m * AES_PER_MANAGER + a
            rows.append(
                [
                    ae_name(index),
                    f"rep{index:03d}@bench.example",
                    "ae",
                    "",
                    "L2",
                    f"manager{m}@bench.example",
                    "2021-02-01",
                    "",
                ]
            )
        for k in range(SDRS_PER_MANAGER):
            index = m * SDRS_PER_MANAGER + k
            rows.append(
                [
                    sdr_name(index),
                    f"sdr{index:02d}@bench.example",
                    "sdr",
                    ["outbound", "inbound", "vc_bod"][index % 3],
                    "L1",
                    f"manager{m}@bench.example",
                    "2021-02-01",
                    "",
                ]
            )
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PEOPLE_HEADER)
        writer.writerows(rows)
    return path


def _money(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def _us(day: date | None) -> str:
    return f"{day.month}/{day.day}/{day.year}" if day else ""


def team_members(team: int | None, managers: int = MANAGERS) -> tuple[list[str], list[str]]:
    """The AE and SDR names of manager ``team``'s team, or of everyone."""
    teams = range(managers) if team is None else [team]
    aes = [ae_name(t * AES_PER_MANAGER + a) for t in teams for a in range(AES_PER_MANAGER)]
    sdrs = [sdr_name(t * SDRS_PER_MANAGER + k) for t in teams for k in range(SDRS_PER_MANAGER)]
    return aes, sdrs


def write_opportunities(
    path: Path, rows: int, seed: int = 9, team: int | None = None, managers: int = MANAGERS
) -> Path:
    """``rows`` opportunities created across FY23-FY24, owned by every AE (or only by manager
    ``team``'s AEs: the worst case of a team page)."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data
    owners, sdrs = team_members(team, managers)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(OPPORTUNITY_HEADER)
        for i in range(rows):
            created = FIRST_CREATED + timedelta(days=rng.randrange(600))
            sao = created + timedelta(days=rng.randrange(20)) if rng.random() < 0.7 else None
            account = f"Account {rng.randrange(rows // 4 + 1):07d}"
            writer.writerow(
                [
                    to_18_char_id(f"006B{i:011d}"),
                    f"{account} deal {i}",
                    rng.choice(owners),
                    account,
                    rng.choice(TYPES),
                    rng.choice(STAGES),
                    _money(rng.randrange(100_000, 25_000_000)),
                    "USD",
                    _us(created + timedelta(days=rng.randrange(20, 240))),
                    _us(created),
                    _us(sao),
                    rng.choice(sdrs) if sao and rng.random() < 0.3 else "",
                    "Outbound",
                ]
            )
    return path


def write_meetings(path: Path, rows: int, seed: int = 10, managers: int = MANAGERS) -> Path:
    """``rows`` SDR meetings across FY23-FY24, some not held."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data
    _, sdrs = team_members(None, managers)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(MEETING_HEADER)
        for i in range(rows):
            writer.writerow(
                [
                    to_18_char_id(f"00UB{i:011d}"),
                    rng.choice(sdrs),
                    _us(FIRST_CREATED + timedelta(days=rng.randrange(600))),
                    rng.choice(MEETING_TYPES),
                    rng.choice(MEETING_STATUSES),
                    f"Account {rng.randrange(rows):07d}",
                ]
            )
    return path
