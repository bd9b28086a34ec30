"""What a sync adds to the deal history beside the import's own states (RULES.md "Deal
history"), inside the import's transaction:

- a deal Salesforce reports deleted gets a ``removed`` state at the sync's moment (its other
  values as last known) and its current row goes: it counts in no figure, its history stays;
- the first sync writes OpportunityHistory's rows as past states through
  ``imports.past_states`` (the Data Export's writer too), re-exported here.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from goals.history_models import OpportunityState, StateSource
from goals.models import Opportunity
from imports.history_writing import link_states
from imports.past_states import Past, past_states, record_past
from imports.writing import OPPORTUNITIES, moment_value, newer_state_filter

STATES = OpportunityState._meta.db_table
DEALS = Opportunity._meta.db_table
VALUES = tuple(c for c in OPPORTUNITIES.columns if c != "external_id")
CHUNK = 500
__all__ = ["Past", "link_states", "past_states", "record_past", "record_removed"]


def record_removed(moment: datetime, run_id: int, ids: list[str]) -> int:
    """A ``removed`` state at ``moment`` for each deal of ``ids`` that has a current row (and
    no state newer than ``moment``); the rows are deleted. Returns the deals removed."""
    removed = 0
    values = ", ".join("'removed'" if c == "stage" else f"o.{c}" for c in VALUES)
    params = {"t": moment_value(moment), "run": run_id}
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            where = f"o.external_id IN ({marks}) AND {_newer('o', moment)}"
            cursor.execute(
                f"INSERT INTO {STATES} (external_id, {', '.join(VALUES)}, observed_at, "
                f"import_run_id, source) SELECT o.external_id, {values}, %s, %s, "
                f"'{StateSource.COMPLETE}' FROM {DEALS} o WHERE {where}",
                [params["t"], run_id, *chunk, params["t"]],
            )
            removed += cursor.rowcount
            cursor.execute(
                f"DELETE FROM {DEALS} WHERE external_id IN (SELECT o.external_id FROM {DEALS} o "
                f"WHERE {where})",
                [*chunk, params["t"]],
            )
    return removed


def _newer(alias: str, moment: datetime) -> str:
    """``newer_state_filter`` with a positional placeholder (this module's statements)."""
    return newer_state_filter(alias).replace("%(t)s", "%s")
