"""A synthetic org of N opportunities for the bench, generated on demand (never N dicts held).

Record ``i`` is a pure function of ``i`` (ids ``to_18_char_id("006B{i:011d}")``, owners and SDRs
of bench/synthetic.py's roster: ``rep{k:03d}@bench.example`` "Bench Rep {k:03d}", 450 AEs, and
``sdr{k:02d}@bench.example``, 50 SDRs). Changes and deletions are kept as overrides, so the
incremental read after a 1% change only looks at the overrides. Each base record has one
OpportunityHistory row, at its CreatedDate; each change adds one.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from goals.salesforce import to_18_char_id

from .server import HISTORY_FIELDS, SOQL, StandinOrg, _holds, csv_text

FIRST_CREATED = date(2022, 6, 1)
STAGES = (
    "Prospecting",
    "Qualification",
    "Value Proposition",
    "Perception Analysis",
    "Proposal/Price Quote",
    "Negotiation/Review",
    "Closed Won",
    "Closed Lost",
)
TYPES = ("New Business", "New Customer", "Existing Business", "Existing Customer - Upgrade")
AES, SDRS = 450, 50
# The Opportunity fields Pacer's first sync asks for (salesforce.client.BASE_FIELDS, checked
# equal in tests/salesforce/test_standin_process.py), for --prerender.
BASE_FIELDS = (
    "Id", "Name", "OwnerId", "Owner.Name", "Owner.Email", "AccountId", "Account.Name", "Type",
    "StageName", "IsWon", "IsClosed", "Amount", "CloseDate", "CreatedDate", "SystemModstamp",
)  # fmt: skip
BASE_STAMP = "2023-09-01T08:00:00.000+0000"
REPORT_HEADER = (
    "Opportunity Owner,Owner Email,Account Name,Opportunity Name,Type,Stage,Amount Currency,"
    "Amount,Close Date,Created Date,SAO Date,Sourced By,Opportunity ID"
)


def opportunity_id(index: int) -> str:
    return to_18_char_id(f"006B{index:011d}")


def base_record(index: int, total: int) -> dict:
    """Opportunity ``index`` as first created (flat, relationship fields as ``Owner.Email``)."""
    h = (index * 2654435761 + 12345) & 0xFFFFFFFF
    created = FIRST_CREATED + timedelta(days=h % 600)
    stage = STAGES[(h >> 3) % len(STAGES)]
    owner = (h >> 9) % AES
    sao = created + timedelta(days=(h >> 13) % 20) if (h >> 11) % 10 < 7 else None
    sdr = f"sdr{(h >> 19) % SDRS:02d}@bench.example" if sao and (h >> 17) % 10 < 3 else None
    account = (h >> 2) % (total // 4 + 1)
    return {
        "Id": opportunity_id(index),
        "Name": f"Account {account:07d} deal {index}",
        "OwnerId": to_18_char_id(f"005B{owner:011d}"),
        "Owner.Name": f"Bench Rep {owner:03d}",
        "Owner.Email": f"rep{owner:03d}@bench.example",
        "AccountId": to_18_char_id(f"001B{account:011d}"),
        "Account.Name": f"Account {account:07d}",
        "Type": TYPES[(h >> 7) % len(TYPES)],
        "StageName": stage,
        "IsWon": stage == "Closed Won",
        "IsClosed": stage.startswith("Closed"),
        "Amount": Decimal(1000 + (h >> 5) % 249000) + Decimal(h % 100) / 100,
        "CurrencyIsoCode": "USD",
        "CloseDate": (created + timedelta(days=20 + (h >> 10) % 220)).isoformat(),
        "CreatedDate": f"{created.isoformat()}T10:00:00.000+0000",
        "SAO_Date__c": sao.isoformat() if sao else None,
        "Sourced_By__c": sdr,
        "SystemModstamp": BASE_STAMP,
        "IsDeleted": False,
    }


class Lazy(Sequence):
    """Records ``make(i)`` for the indices ``keep`` (a range or a list), made when read."""

    def __init__(self, keep, make) -> None:
        self.keep, self.make = keep, make

    def __len__(self) -> int:
        return len(self.keep)

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self.make(i) for i in self.keep[item]]
        return self.make(self.keep[item])


@dataclass
class SyntheticOrg(StandinOrg):
    total: int = 0
    rest_page: int = 2000
    bulk_page: int = 50000
    # Changed or deleted records by id (``records`` holds only these); index by id.
    index: dict[str, int] = field(default_factory=dict)
    pages: dict[tuple, tuple[str, int]] = field(default_factory=dict)

    def record(self, i: int) -> dict:
        found = self.records.get(opportunity_id(i)) if self.records else None
        return found or base_record(i, self.total)

    def base_history(self, i: int) -> dict:
        record = base_record(i, self.total)
        row = {name: record[name] for name in HISTORY_FIELDS + ("CurrencyIsoCode",)}
        return row | {
            "Id": to_18_char_id(f"008B{i:011d}"),
            "OpportunityId": record["Id"],
            "CreatedDate": record["CreatedDate"],
            "SystemModstamp": record["CreatedDate"],
            "IsDeleted": False,
        }

    def select(self, soql: str, *, deleted: bool):
        match = SOQL.match(soql.strip())
        if not match:
            raise ValueError(f"MALFORMED_QUERY: {soql}")
        names = [name.strip() for name in match["fields"].split(",")]
        where = [c.strip() for c in (match["where"] or "").split(" AND ") if c.strip()]
        if match["object"] == "OpportunityHistory" and not where:
            base = Lazy(range(self.total), self.base_history)
            return names, _Chain(base, list(self.history))
        if match["object"] in ("Event", "Task"):
            return names, []  # the synthetic org keeps no activities
        if match["object"] != "Opportunity":
            raise ValueError(f"MALFORMED_QUERY: {soql}")
        gone = {i for key, i in self.index.items() if self.records[key]["IsDeleted"]}
        since = [c for c in where if c.startswith("SystemModstamp >")]
        if since and _holds({"SystemModstamp": BASE_STAMP}, since[0]) is False:
            # Only the overrides moved after the watermark: never a scan of the base records.
            found = [self.records[key] for key in sorted(self.index)]
            found = [r for r in found if (deleted or not r["IsDeleted"])]
            return names, [r for r in found if all(_holds(r, c) for c in where)]
        if any(c.startswith("IsDeleted") for c in where):
            found = [self.records[key] for key in sorted(self.index)]
            return names, [r for r in found if all(_holds(r, c) for c in where)]
        keep = [i for i in range(self.total) if i not in gone] if gone else range(self.total)
        return names, Lazy(keep, self.record)

    def results_page(self, names, found, start: int, size: int) -> tuple[str, int]:
        """Pages of the unchanged org's full read come from ``prerender`` when made (Salesforce
        prepares a job's results before they are fetched; the bench times Pacer, not this)."""
        key = (tuple(names), start, size)
        if not self.index and isinstance(found, Lazy) and key in self.pages:
            return self.pages[key]
        return super().results_page(names, found, start, size)

    def prerender(self, names: list[str]) -> None:
        """Render the full read's Bulk pages for ``names`` now (at start-up)."""
        found = Lazy(range(self.total), self.record)
        for start in range(0, self.total, self.bulk_page):
            page = found[start : start + self.bulk_page]
            self.pages[(tuple(names), start, self.bulk_page)] = (csv_text(names, page), len(page))

    def change(self, i: int, **values) -> None:
        current = dict(self.record(i))
        self.index[current["Id"]] = i
        self.records[current["Id"]] = current
        self.put(**(values | {"Id": current["Id"]}))

    def control(self, action: str, body: dict) -> dict:
        """``change`` (``{"fraction": 0.01}`` or ``{"count": N}``: every k-th deal's amount + 1
        and its stage moved on), ``delete`` (``{"count": N}``), ``export`` (``{"path": …}``:
        the live records as a report export CSV), ``state``."""
        count = int(body.get("count") or round(self.total * float(body.get("fraction", 0))))
        step = max(1, self.total // count) if count else 0
        picked = list(range(0, self.total, step))[:count] if count else []
        if action == "delete":  # never a deal changed already: deletions from the end
            touched = set(self.index.values())
            untouched = (i for i in range(self.total - 1, -1, -1) if i not in touched)
            picked = [next(untouched) for _ in range(count)]
        if action == "change":
            for i in picked:
                record = self.record(i)
                self.change(i, Amount=record["Amount"] + 1)
        elif action == "delete":
            for i in picked:
                self.change(i)
                self.delete(opportunity_id(i))
        elif action == "export":
            written = write_report(self, body["path"])
            return {"written": written, "path": body["path"]}
        return {"total": self.total, "changed": len(self.index), "picked": len(picked)}


class _Chain(Sequence):
    def __init__(self, first: Sequence, second: list) -> None:
        self.first, self.second = first, second

    def __len__(self) -> int:
        return len(self.first) + len(self.second)

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start, stop, _ = item.indices(len(self))
        cut = len(self.first)
        head = self.first[start : min(stop, cut)] if start < cut else []
        tail = self.second[max(start - cut, 0) : max(stop - cut, 0)]
        return head + tail


def report_row(r: dict) -> list[str]:
    return [
        r["Owner.Name"],
        r["Owner.Email"],
        r["Account.Name"],
        r["Name"],
        r["Type"],
        r["StageName"],
        r["CurrencyIsoCode"],
        str(r["Amount"]),
        r["CloseDate"],
        r["CreatedDate"][:10],
        r["SAO_Date__c"] or "",
        r["Sourced_By__c"] or "",
        r["Id"],
    ]


def write_report(org: SyntheticOrg, path: str) -> int:
    """The org's live opportunities as a Salesforce report export (the CSV-import twin)."""
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        handle.write(REPORT_HEADER + "\n")
        writer = csv.writer(handle, lineterminator="\n")
        for i in range(org.total):
            record = org.record(i)
            if not record["IsDeleted"]:
                writer.writerow(report_row(record))
                written += 1
    return written
