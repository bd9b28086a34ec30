"""The floors Pacer is measured against: the same work done the fastest plain way.

- import: pandas (pyarrow engine) reads and cleans the export, PostgreSQL ``COPY`` loads it into
  a bare staging table, then ``INSERT … ON CONFLICT`` upserts into a bare keyed table;
- recompute: SQL ``GROUP BY``s computing the same sums as the engine (AEs and SDRs).

Run as ``python -m bench.floors import PATH`` or ``python -m bench.floors group-by AS_OF`` (ISO
date) so that each floor's peak memory is its own process's.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time

import pandas as pd
import psycopg

STAGE_NUMBERS = {
    "1 - Prospecting": "1",
    "2 - Qualification": "2",
    "3 - Scoping": "3",
    "4 - Technical Validation": "4",
    "5 - Proposal": "5",
    "6 - Negotiation": "6",
    "Closed Won": "won",
    "Closed Lost": "lost",
}
COLUMNS = [
    "external_id",
    "owner",
    "account",
    "type",
    "stage",
    "amount",
    "close_date",
    "created_date",
    "sao_date",
    "sourced_by",
]
TABLE = """(external_id varchar(18) {key}, owner text, account text, type text, stage text,
            amount numeric(14, 2), close_date date, created_date date, sao_date date,
            sourced_by text)"""


def connect() -> psycopg.Connection:
    url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    return psycopg.connect(url)


def _dates(column: pd.Series) -> pd.Series:
    # Parse each distinct M/D/YYYY value once.
    distinct = column.dropna().unique()
    parsed = pd.to_datetime(pd.Series(distinct), format="%m/%d/%Y").dt.strftime("%Y-%m-%d")
    return column.map(dict(zip(distinct, parsed, strict=True)))


def read_clean(path: str) -> pd.DataFrame:
    frame = pd.read_csv(path, engine="pyarrow", dtype=str)
    return pd.DataFrame(
        {
            "external_id": frame["Opportunity ID"],
            "owner": frame["Opportunity Owner"],
            "account": frame["Account Name"],
            "type": frame["Type"]
            .str.startswith("New")
            .map({True: "new_business", False: "expansion"}),
            "stage": frame["Stage"].map(STAGE_NUMBERS),
            "amount": frame["Amount"].str.replace(r"[$,]", "", regex=True),
            "close_date": _dates(frame["Close Date"]),
            "created_date": _dates(frame["Created Date"]),
            "sao_date": _dates(frame["SAO Date"]),
            "sourced_by": frame["Sourced By"],
        }
    )


def floor_import(path: str) -> dict[str, float]:
    timings = {}
    started = time.perf_counter()
    frame = read_clean(path)
    timings["read_clean"] = time.perf_counter() - started
    with connect() as conn, conn.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS bench_floor_target {TABLE.format(key='PRIMARY KEY')}"
        )  # noqa: S608,E501
        cursor.execute(f"CREATE TEMP TABLE bench_floor_staging {TABLE.format(key='')}")  # noqa: S608
        started = time.perf_counter()
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, header=False)
        buffer.seek(0)
        with cursor.copy(
            f"COPY bench_floor_staging ({', '.join(COLUMNS)}) FROM STDIN (FORMAT csv)"
        ) as copy:  # noqa: E501
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)
        timings["copy"] = time.perf_counter() - started
        started = time.perf_counter()
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS[1:])
        cursor.execute(
            f"INSERT INTO bench_floor_target SELECT * FROM bench_floor_staging "  # noqa: S608
            f"ON CONFLICT (external_id) DO UPDATE SET {updates} "
            f"WHERE (bench_floor_target.*) IS DISTINCT FROM (EXCLUDED.*)"
        )
        timings["insert_on_conflict"] = time.perf_counter() - started
    return timings


# The same sums as the nightly recompute: the AE metrics and look-ahead per owner, the SDRs'
# SAOs this quarter and per month of the rolling window, and their meetings held this quarter.
GROUP_BY = """
SELECT o.owner_id,
       SUM(o.amount) FILTER (WHERE o.stage = 'won' AND o.close_date BETWEEN %(fy)s AND %(d)s),
       SUM(o.amount * s.weight) FILTER (WHERE o.stage IN ('1','2','3','4','5','6')),
       COUNT(DISTINCT o.account) FILTER (WHERE o.type = 'new_business'
                                         AND o.sao_date BETWEEN %(fy)s AND %(d)s),
       COUNT(DISTINCT o.account) FILTER (WHERE o.type = 'new_business' AND o.stage = 'won'
                                         AND o.close_date BETWEEN %(fy)s AND %(d)s),
       SUM(o.amount * s.weight) FILTER (WHERE o.stage IN ('1','2','3','4','5','6')
                                        AND o.close_date <= %(qend)s),
       SUM(o.amount) FILTER (WHERE o.stage IN ('1','2','3','4','5','6')
                             AND o.close_date <= %(qend)s)
FROM goals_opportunity o
JOIN goals_person p ON p.id = o.owner_id AND p.role = 'ae' AND p.is_active
LEFT JOIN goals_stage s ON s.number::text = o.stage
GROUP BY o.owner_id;
SELECT o.sourced_by_id, date_trunc('month', o.sao_date),
       COUNT(*) FILTER (WHERE o.sao_date >= %(q)s)
FROM goals_opportunity o
JOIN goals_person p ON p.id = o.sourced_by_id AND p.role = 'sdr' AND p.is_active
WHERE o.sao_date BETWEEN %(rolling)s AND %(d)s
GROUP BY 1, 2;
SELECT m.sdr_id, m.type, COUNT(*) FROM goals_meeting m
JOIN goals_person p ON p.id = m.sdr_id AND p.role = 'sdr' AND p.is_active
WHERE m.took_place AND m.date BETWEEN %(q)s AND %(d)s GROUP BY 1, 2
"""


def floor_group_by(as_of: str) -> dict[str, float]:
    """Time the GROUP BY statements (Django only supplies the fiscal calendar)."""
    from datetime import date

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from goals.calendar import FiscalQuarter, add_months

    day = date.fromisoformat(as_of)
    quarter = FiscalQuarter.containing(day)
    params = {
        "fy": quarter.fiscal_year.start,
        "q": quarter.start,
        "d": day,
        "qend": quarter.end,
        "rolling": add_months(day.replace(day=1), -6),
    }
    results = []
    with connect() as conn, conn.cursor() as cursor:
        started = time.perf_counter()
        for statement in GROUP_BY.split(";"):
            cursor.execute(statement, params)
            results.append(cursor.fetchall())
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "owners": len(results[0]),
        "sdrs": len({row[0] for row in results[1]}),
    }


if __name__ == "__main__":
    what, *arguments = sys.argv[1:]
    result = floor_import(*arguments) if what == "import" else floor_group_by(*arguments)
    print(json.dumps(result))
