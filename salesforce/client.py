"""Talking to the org: OAuth 2.0 log-in and reading Opportunity through simple-salesforce.

simple-salesforce builds its log-in URLs as ``https://{domain}.salesforce.com`` and cannot take
a My Domain or sandbox log-in URL with a port, so the token request (one POST, RFC 6749 / the
JWT bearer flow of RFC 7523) is made here; everything after it (REST query, queryAll, Bulk API
2.0 query jobs) is simple-salesforce's own code, given the instance URL and the session id.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import jwt
import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import (
    SalesforceError,
    SalesforceExpiredSession,
    SalesforceGeneralError,
    SalesforceRefusedRequest,
)

from .connection import Connection, current
from .vault import SecretUnreadable

API_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?")
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TIMEOUT = 60
BASE_FIELDS = (
    "Id",
    "Name",
    "OwnerId",
    "Owner.Name",
    "Owner.Email",
    "AccountId",
    "Account.Name",
    "Type",
    "StageName",
    "IsWon",
    "IsClosed",
    "Amount",
    "CloseDate",
    "CreatedDate",
    "SystemModstamp",
)
HISTORY_FIELDS = ("OpportunityId", "StageName", "Amount", "CloseDate", "CreatedDate")
# Object Reference, "User" (UserRole.Name through the UserRole relationship).
USER_FIELDS = (
    "Id",
    "FirstName",
    "LastName",
    "Name",
    "Email",
    "IsActive",
    "ManagerId",
    "UserRoleId",
    "UserRole.Name",
    "Title",
    "SystemModstamp",
)
__all__ = ["SalesforceExpiredSession", "SyncRefused", "Org", "configured", "connect"]


class SyncRefused(Exception):
    """Salesforce cannot serve the sync now (limits, an outage, a failed log-in); ``retry``:
    trying again later may succeed (the org could not be reached)."""

    def __init__(self, message: str, *, retry: bool = False) -> None:
        super().__init__(message)
        self.retry = retry


def configured() -> bool:
    """Whether an org is set up (a user and either a private key or a password), on the
    Salesforce page or in the environment (salesforce.connection)."""
    try:
        return current().configured()
    except SecretUnreadable:
        return True  # set up, but unreadable: the sync fails saying so


def _assertion(conn: Connection) -> str:
    """The JWT bearer flow's signed assertion (RS256, valid three minutes)."""
    claims = {
        "iss": conn.client_id,
        "sub": conn.username,
        "aud": conn.login_url,
        "exp": int(time.time()) + 180,
    }
    return jwt.encode(claims, conn.key_pem(), algorithm="RS256")


def _token_request(conn: Connection) -> dict[str, str]:
    if conn.flow == "jwt":
        return {"grant_type": JWT_GRANT, "assertion": _assertion(conn)}
    # Username-password flow (sandboxes, developer orgs): password + security token.
    return {
        "grant_type": "password",
        "client_id": conn.client_id,
        "client_secret": conn.client_secret,
        "username": conn.username,
        "password": conn.password + conn.security_token,
    }


def _refusal(response: requests.Response) -> str:
    """The token endpoint's refusal in words (its error_description and error)."""
    try:
        body = response.json()
        words = f"{body.get('error_description', '')} ({body.get('error', '')})"
    except ValueError:
        words = response.text[:200]
    return (
        f"Salesforce refused the log-in: {words}, HTTP {response.status_code}: check the "
        "connection on the Salesforce page (or the SALESFORCE_* settings), then retry"
    )


@dataclass
class Org:
    """A logged-in connection; counts the API calls made and keeps the last limit info."""

    session: requests.Session
    conn: Connection = field(default_factory=Connection)
    sf: Salesforce | None = None
    # The log-in's identity URL (the Identity URLs page: who is connected).
    identity_url: str = ""
    api_calls: int = 0
    limit_info: str = ""
    fields: tuple[str, ...] = field(default_factory=tuple)

    def count(self, response: requests.Response, *args, **kwargs) -> None:
        """requests response hook: every call to the org, the log-in included, is counted."""
        self.api_calls += 1
        self.limit_info = response.headers.get("Sforce-Limit-Info", self.limit_info)

    def login(self) -> None:
        """Get a session id from the token endpoint and point simple-salesforce at it."""
        url = self.conn.login_url + "/services/oauth2/token"
        try:
            response = self.session.post(url, data=_token_request(self.conn), timeout=TIMEOUT)
        except requests.RequestException as error:
            raise SyncRefused(
                f"cannot reach Salesforce ({error}): retry later", retry=True
            ) from error
        if response.status_code != 200:
            raise SyncRefused(_refusal(response))
        token = response.json()
        self.identity_url = token.get("id", "")
        self.sf = Salesforce(
            instance_url=token["instance_url"],
            session_id=token["access_token"],
            session=self.session,
            version=self.conn.api_version,
            # Amounts stay exact: JSON numbers are read as Decimal, never float.
            parse_float=Decimal,
        )

    def changed(self, since: datetime | None, *, poll: float) -> Iterator[dict[str, str]]:
        """Opportunities changed after ``since`` (all of them when None), flat
        (``Owner.Email``). The full read is a Bulk API 2.0 query job, the others REST."""
        # Field names are checked API names (opportunity_fields); values never go in here.
        soql = f"SELECT {', '.join(self.fields)} FROM Opportunity"  # noqa: S608
        if since is None:
            yield from csv_rows(self.sf.bulk2.Opportunity.query(soql, wait=poll))
            return
        soql += f" WHERE SystemModstamp > {soql_datetime(since)}"
        for record in self.sf.query_all_iter(soql):
            yield flatten(record)

    def history(self, *, poll: float) -> Iterator[str]:
        """Every OpportunityHistory row (a Bulk API 2.0 query job): the deals' past stages,
        amounts and close dates, each with Salesforce's CreatedDate; as the job's CSV pages
        (text, each with its header row: ``csv_rows`` reads them)."""
        names = HISTORY_FIELDS + (("CurrencyIsoCode",) if self.conn.multi_currency else ())
        soql = f"SELECT {', '.join(names)} FROM OpportunityHistory"  # noqa: S608 - constants
        yield from self.sf.bulk2.OpportunityHistory.query(soql, wait=poll)

    def users(self, since: datetime | None) -> Iterator[dict[str, str]]:
        """The org's users changed after ``since`` (all of them when None), flat
        (``UserRole.Name``). A REST query even on the first sync: an org has hundreds of users,
        not millions, and a page of 2,000 is one call where a Bulk job takes three or more."""
        soql = f"SELECT {', '.join(USER_FIELDS)} FROM User"  # noqa: S608 - constants
        if since is not None:
            soql += f" WHERE SystemModstamp > {soql_datetime(since)}"
        for record in self.sf.query_all_iter(soql):
            yield flatten(record)

    def deleted(self, since: datetime) -> Iterator[dict[str, str]]:
        """Ids and SystemModstamp of opportunities deleted after ``since`` (queryAll)."""
        soql = (
            "SELECT Id, SystemModstamp FROM Opportunity WHERE IsDeleted = true "  # noqa: S608
            f"AND SystemModstamp > {soql_datetime(since)}"
        )
        for record in self.sf.query_all_iter(soql, include_deleted=True):
            yield flatten(record)


class _Session(requests.Session):
    """A session verifying the org's certificate against ``ca_bundle`` when given: requests
    lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override ``Session.verify``, so it is set per
    request here (proxies and the rest still come from the environment)."""

    def __init__(self, ca_bundle: str) -> None:
        super().__init__()
        self.ca_bundle = ca_bundle

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        merged = super().merge_environment_settings(url, proxies, stream, verify, cert)
        if self.ca_bundle:
            merged["verify"] = self.ca_bundle
        return merged


def connect(conn: Connection | None = None) -> Org:
    """A logged-in ``Org`` reading the configured fields (``conn``: the one in force)."""
    try:
        conn = conn or current()
    except SecretUnreadable as error:
        raise SyncRefused(str(error)) from error
    session = _Session(conn.ca_bundle)
    org = Org(session=session, conn=conn, fields=opportunity_fields(conn))
    session.hooks["response"].append(org.count)
    org.login()
    return org


def opportunity_fields(conn: Connection | None = None) -> tuple[str, ...]:
    """The Opportunity fields read: the standard ones and the configured optional ones."""
    conn = conn or current()
    extra = [conn.sao_field, conn.sdr_field]
    if conn.multi_currency:
        extra.append("CurrencyIsoCode")
    for name in extra:
        if name and not API_NAME.fullmatch(name):
            raise ImproperlyConfigured(f"{name!r} is not a Salesforce field API name")
    return BASE_FIELDS + tuple(name for name in extra if name)


def csv_rows(pages: Iterable[str]) -> Iterator[dict[str, str]]:
    """The rows of Bulk API 2.0 CSV pages (each page with its header row)."""
    for page in pages:
        yield from csv.DictReader(io.StringIO(page))


def soql_datetime(moment: datetime) -> str:
    """A SOQL dateTime literal, to the second (cut down, so a record is re-read, never
    missed)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def flatten(record: dict, prefix: str = "") -> dict[str, str]:
    """A REST record (nested relationships, JSON types) as the flat text a Bulk CSV gives."""
    flat: dict[str, str] = {}
    for key, value in record.items():
        if key == "attributes":
            continue
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        elif value is None:
            flat[prefix + key] = ""
        elif isinstance(value, bool):
            flat[prefix + key] = "true" if value else "false"
        else:
            flat[prefix + key] = str(value)
    return flat


def should_retry(error: Exception) -> bool:
    """Whether Salesforce asked us to come back later: the API request limit, a 5xx, no
    answer. Other refusals (permissions, a malformed query) stay refused until fixed."""
    if isinstance(error, SalesforceRefusedRequest):
        return _code(error) == "REQUEST_LIMIT_EXCEEDED"
    if isinstance(error, SalesforceGeneralError):
        return error.status >= 500
    return isinstance(error, requests.RequestException)


def retry_later(error: Exception) -> str | None:
    """Why a sync must wait, for errors Salesforce asks us to retry later; else None."""
    if isinstance(error, SalesforceRefusedRequest) and not should_retry(error):
        return (
            f"Salesforce refused the request ({_code(error)}): check the integration user's "
            "permissions (README, Connect Salesforce)"
        )
    if isinstance(error, SalesforceRefusedRequest):
        return f"Salesforce refused the request ({_code(error)}): retry later"
    if isinstance(error, SalesforceGeneralError) and error.status >= 500:
        return f"Salesforce answered {error.status} ({_code(error)}): retry later"
    if isinstance(error, requests.RequestException):
        return f"cannot reach Salesforce ({error}): retry later"
    if isinstance(error, SalesforceError):
        return f"Salesforce answered {error.status} ({_code(error)})"
    return None


def _code(error: SalesforceError) -> str:
    content = error.content
    if isinstance(content, list) and content and isinstance(content[0], dict):
        return str(content[0].get("errorCode", ""))
    return str(content)[:200]


# Meetings (issue 16): Event and Task, read like Opportunity (Bulk API 2.0 on the first sync,
# REST query by SystemModstamp after it). Object Reference, "Event" and "Task": the standard
# fields below; Owner is polymorphic (User, Calendar, Queue), whose Name and Email SOQL reads.
MEETING_OBJECTS = ("Event", "Task")
MEETING_FIELDS = {
    "Event": (
        "Id",
        "OwnerId",
        "Owner.Name",
        "Owner.Email",
        "ActivityDate",
        "StartDateTime",
        "Type",
        "EventSubtype",
        "AccountId",
        "Account.Name",
        "WhatId",
        "Subject",
        "SystemModstamp",
    ),
    "Task": (
        "Id",
        "OwnerId",
        "Owner.Name",
        "Owner.Email",
        "ActivityDate",
        "Type",
        "TaskSubtype",
        "Status",
        "IsClosed",
        "AccountId",
        "Account.Name",
        "WhatId",
        "Subject",
        "SystemModstamp",
    ),
}


def meeting_objects() -> tuple[str, ...]:
    """The activity objects read as meetings (``SALESFORCE_MEETING_OBJECTS``: Event, Task)."""
    chosen = tuple(name for name in settings.SALESFORCE_MEETING_OBJECTS if name)
    for name in chosen:
        if name not in MEETING_OBJECTS:
            raise ImproperlyConfigured(f"SALESFORCE_MEETING_OBJECTS: {name!r} is not Event or Task")
    return chosen


def read_meetings(
    org: Org, name: str, since: datetime | None, *, poll: float
) -> Iterator[dict[str, str]]:
    """``name``'s (Event, Task) records changed after ``since`` (all when None), flat."""
    soql = f"SELECT {', '.join(MEETING_FIELDS[name])} FROM {name}"  # noqa: S608 - constants
    if since is None:
        yield from csv_rows(getattr(org.sf.bulk2, name).query(soql, wait=poll))
        return
    soql += f" WHERE SystemModstamp > {soql_datetime(since)}"
    for record in org.sf.query_all_iter(soql):
        yield flatten(record)
