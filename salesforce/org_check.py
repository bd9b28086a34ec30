"""What the Salesforce page asks the org: "Test connection" (who is connected, the API version,
the daily API requests used) and the Opportunity fields an admin may pick for the SAO date and
the sourcing SDR (the org's own describe)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from simple_salesforce.exceptions import SalesforceError

from . import client

SAO_TYPES = ("date", "datetime")
SDR_TEXT_TYPES = ("string", "email")
LIMIT_INFO = re.compile(r"api-usage=(\d+)/(\d+)")


@dataclass(frozen=True)
class ConnectionCheck:
    username: str
    api_version: str
    used: int | None
    limit: int | None

    def __str__(self) -> str:
        limits = f"{self.used:,}/{self.limit:,}" if self.limit is not None else "unknown"
        return (
            f"connected as {self.username}, API version {self.api_version}, "
            f"limits used {limits} (daily API requests)"
        )


@dataclass(frozen=True)
class FieldChoices:
    """(API name, "Label (API name)") pairs, the org's custom fields first."""

    sao: list[tuple[str, str]]
    sdr: list[tuple[str, str]]


def check_connection() -> ConnectionCheck:
    """Log in and ask who is connected and the org's limits; ``client.SyncRefused`` with the
    refusal in words when Salesforce says no."""
    org = client.connect()
    try:
        identity = org.session.get(
            org.identity_url, headers=_bearer(org), timeout=client.TIMEOUT
        ).json()
        daily = org.sf.limits().get("DailyApiRequests", {})
    except (SalesforceError, OSError, ValueError) as error:
        raise client.SyncRefused(_words(error)) from error
    used, limit = _usage(daily, org.limit_info)
    username = identity.get("username") or org.conn.username
    return ConnectionCheck(username, org.conn.api_version, used, limit)


def opportunity_field_choices() -> FieldChoices:
    """The org's Opportunity fields fit for the SAO date (date, date/time) and the sourcing
    SDR (a lookup to User, or text holding a name or e-mail)."""
    org = client.connect()
    try:
        fields = org.sf.Opportunity.describe()["fields"]
    except (SalesforceError, OSError, ValueError, KeyError) as error:
        raise client.SyncRefused(_words(error)) from error
    fields = sorted(fields, key=lambda f: (not f.get("custom"), f.get("label", "")))
    sao = [_choice(f) for f in fields if f.get("type") in SAO_TYPES]
    sdr = [_choice(f) for f in fields if _sdr_fit(f)]
    return FieldChoices(sao=sao, sdr=sdr)


def _sdr_fit(described: dict) -> bool:
    if described.get("type") == "reference":
        return "User" in (described.get("referenceTo") or [])
    return described.get("type") in SDR_TEXT_TYPES and described.get("name") != "Name"


def _choice(described: dict) -> tuple[str, str]:
    return described["name"], f"{described.get('label', '')} ({described['name']})"


def _bearer(org: client.Org) -> dict[str, str]:
    return {"Authorization": f"Bearer {org.sf.session_id}"}


def _usage(daily: dict, limit_info: str) -> tuple[int | None, int | None]:
    """Daily API requests used and allowed: the Limits resource, else Sforce-Limit-Info."""
    if "Max" in daily and "Remaining" in daily:
        return int(daily["Max"]) - int(daily["Remaining"]), int(daily["Max"])
    if found := LIMIT_INFO.search(limit_info or ""):
        return int(found[1]), int(found[2])
    return None, None


def _words(error: Exception) -> str:
    return client.retry_later(error) or f"Salesforce did not answer as expected: {error}"
