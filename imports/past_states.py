"""OpportunityHistory rows as past states of the deal history (RULES.md "Deal history"), the
one writer for the Data Export's OpportunityHistory.csv and the sync's first-sync backfill,
inside the import's transaction: each row an observation at its ``CreatedDate`` of StageName,
Amount and CloseDate, the fields it does not record (owner, account, type, SAO date, SDR) as
the import first observed the deal. A row already recorded (same deal, same moment) is not
written again, so re-importing the same export records nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import connection
from django.utils.dateparse import parse_date, parse_datetime

from goals.history_models import OpportunityState, StateSource
from goals.models import Opportunity, StageAlias
from imports import parsers
from imports.models import CurrencyRate
from imports.writing import OPPORTUNITIES, moment_value

STATES = OpportunityState._meta.db_table
DEALS = Opportunity._meta.db_table
VALUES = tuple(c for c in OPPORTUNITIES.columns if c != "external_id")
HISTORY_STAGING = "pacer_sf_history"


@dataclass
class Past:
    """OpportunityHistory rows read, as states to write, and the rows left out (with why)."""

    states: list[tuple[str, datetime, str, Decimal, str | None]] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)

    def leave_out(self, why: str) -> None:
        self.left_out[why] = self.left_out.get(why, 0) + 1

    def note(self) -> str:
        """The sync's message part saying what was left out, never silently."""
        if not self.left_out:
            return ""
        parts = ", ".join(f"{n} {why}" for why, n in sorted(self.left_out.items()))
        return f"OpportunityHistory rows left out: {parts}"


def past_states(rows, moment: datetime) -> Past:
    """OpportunityHistory rows (flat text, as the Bulk CSV gives them) as states: the stage
    mapped as an import maps it, the amount converted as an import converts it. A row after
    ``moment`` (a frozen today), or with an unknown stage or currency, is left out and said."""
    aliases = {
        parsers.stage_key(name): stage
        for name, stage in StageAlias.objects.values_list("name", "stage")
    }
    rates = {c: Decimal(r) for c, r in CurrencyRate.objects.values_list("currency", "rate")}
    past = Past()
    for row in rows:
        observed = parse_datetime(row.get("CreatedDate", ""))
        if observed is None or observed > moment:
            past.leave_out("after the import's moment" if observed else "without a CreatedDate")
            continue
        try:
            stage = parsers.stage_of(row.get("StageName", ""), aliases)
        except ValueError:
            past.leave_out("with a stage not mapped")
            continue
        try:
            amount = parsers.company_amount(
                Decimal(row.get("Amount") or "0"),
                (row.get("CurrencyIsoCode") or "").upper(),
                company=settings.COMPANY_CURRENCY,
                rates=rates,
            )
        except (ValueError, InvalidOperation):
            past.leave_out("with an amount not converted (no rate)")
            continue
        close = parse_date(row.get("CloseDate") or "")
        past.states.append(
            (parsers.parse_id(row["OpportunityId"]), observed, stage, amount, close and str(close))
        )
    return past


def record_past(past: Past, run_id: int, *, write: bool = True) -> int:
    """Write ``past``'s states, the deals' other values from their rows (the import's own);
    a row of a deal the import does not hold, or one already recorded, is not written. Returns
    the states written; ``write`` false (a preview): the states not recorded yet, counted."""
    if not past.states:
        return 0
    stamp = "timestamp with time zone" if connection.vendor == "postgresql" else "text"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {HISTORY_STAGING} (external_id varchar(18), observed_at "
            f"{stamp}, stage varchar(7), amount numeric(14, 2), close_date date, n integer)"
        )
        # n: the row's place, so two rows of one moment are states in the file's order.
        rows = [
            (record, moment_value(observed), stage, amount, close, n)
            for n, (record, observed, stage, amount, close) in enumerate(past.states)
        ]
        _stage(cursor, rows)
        new = (
            f"NOT EXISTS (SELECT 1 FROM {STATES} x WHERE x.external_id = h.external_id AND "
            f"x.observed_at = h.observed_at AND x.source = '{StateSource.OPPORTUNITY_HISTORY}')"
        )
        if write:
            cursor.execute(_insert_sql(new), [run_id])
            written = cursor.rowcount
        else:
            cursor.execute(f"SELECT COUNT(*) FROM {HISTORY_STAGING} h WHERE {new}")
            (written,) = cursor.fetchone()
        cursor.execute(f"DROP TABLE {HISTORY_STAGING}")
    return written


def _stage(cursor, rows: list[tuple]) -> None:
    """The rows into the staging table: COPY on PostgreSQL (a first sync backfills hundreds of
    thousands of rows; batched INSERTs took 14 s for 388,800), batched INSERTs on SQLite."""
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {HISTORY_STAGING} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    for start in range(0, len(rows), 5000):
        cursor.executemany(
            f"INSERT INTO {HISTORY_STAGING} VALUES (%s, %s, %s, %s, %s, %s)",
            rows[start : start + 5000],
        )


def _insert_sql(new: str) -> str:
    values = ", ".join(
        {
            "stage": "h.stage",
            "amount": "h.amount",
            "close_date": "COALESCE(h.close_date, o.close_date)",
        }.get(c, f"o.{c}")
        for c in VALUES
    )
    return (
        f"INSERT INTO {STATES} (external_id, {', '.join(VALUES)}, observed_at, "
        f"import_run_id, source) SELECT h.external_id, {values}, h.observed_at, %s, "
        f"'{StateSource.OPPORTUNITY_HISTORY}' FROM {HISTORY_STAGING} h "
        f"JOIN {DEALS} o ON o.external_id = h.external_id WHERE {new} ORDER BY h.n"
    )
