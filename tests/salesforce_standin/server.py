"""A Salesforce org stand-in: the REST and Bulk API 2.0 endpoints Pacer calls, over https on
127.0.0.1, with the org's records in memory (edit, delete, expire sessions, fail calls).

Reference pages each response follows (developer.salesforce.com):
- OAuth token: "OAuth 2.0 Username-Password Flow for Special Scenarios" and "OAuth 2.0 JWT
  Bearer Flow for Server-to-Server Integration" (``/services/oauth2/token``: access_token,
  instance_url, id, token_type, issued_at, signature; failures 400 ``invalid_grant``).
- REST API Developer Guide, "Query" and "QueryAll" resources (``totalSize``, ``done``,
  ``records`` with ``attributes``, ``nextRecordsUrl`` while ``done`` is false) and "Execute a
  Query" on paging through ``/query/<cursor>``.
- REST API "Status Codes and Error Responses": a JSON list of ``{message, errorCode}``; 401
  ``INVALID_SESSION_ID``, 403 ``REQUEST_LIMIT_EXCEEDED``; "Limit Info Header":
  ``Sforce-Limit-Info: api-usage=N/M`` on every response.
- Bulk API 2.0 "Create a Query Job" (state ``UploadComplete``), "Get Information About a Query
  Job" (state ``JobComplete``), "Get Results for a Query Job" (CSV, ``Sforce-Locator`` next
  locator or ``null``, ``Sforce-NumberOfRecords``).
- Object Reference, "Event" and "Task" (Id, OwnerId, Owner.Name/Email through the polymorphic
  Owner, ActivityDate, StartDateTime, Type, EventSubtype/TaskSubtype, Status and IsClosed of a
  Task, AccountId/Account.Name, WhatId, Subject, SystemModstamp), read by the same query and
  Bulk 2.0 job resources as Opportunity.
- Identity URLs, the Limits resource and Opportunity's sObject Describe: resources.py.
- Object Reference, "OpportunityHistory": a row (OpportunityId, StageName, Amount, CloseDate,
  CurrencyIsoCode, CreatedDate) is created with the opportunity and whenever its Amount,
  StageName or CloseDate changes; ``CreatedDate`` is when Salesforce recorded it.
- Object Reference, "User" (Id, FirstName, LastName, Name, Email, IsActive, ManagerId,
  UserRoleId, Title, SystemModstamp; users are deactivated, never deleted) and "UserRole"
  (Name); SOQL and SOSL Reference, "Relationship Queries": a parent reached through an empty
  lookup (``UserRole`` of a user with no role) is ``null`` in a REST record, an empty value in
  Bulk CSV.

``python -m tests.salesforce_standin`` serves a synthetic org as a process of its own (bench).
"""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt

from . import resources

API_LIMIT = 15000
SOQL = re.compile(r"SELECT (?P<fields>.+?) FROM (?P<object>\w+)(?: WHERE (?P<where>.+))?$", re.S)
HISTORY_FIELDS = ("StageName", "Amount", "CloseDate")


@dataclass
class StandinOrg:
    """The org's state; tests change it between syncs."""

    client_id: str = "pacer-connected-app"
    username: str = "integration@example.com"
    password: str = "s3cret"  # noqa: S105 - the stand-in's own test credential
    security_token: str = "TOKEN"  # noqa: S105
    public_key: bytes = b""
    records: dict[str, dict] = field(default_factory=dict)
    users: dict[str, dict] = field(default_factory=dict)
    tokens: set[str] = field(default_factory=set)
    # (status, errorCode, message) answered to the next API calls, one each.
    failures: list[tuple[int, str, str]] = field(default_factory=list)
    rest_page: int = 2
    bulk_page: int = 3
    api_usage: int = 0
    calls: list[str] = field(default_factory=list)
    # Before the tests' frozen today (2023-09-15): OpportunityHistory rows are in its past.
    clock: datetime = datetime(2023, 9, 10, 9, 0, tzinfo=UTC)
    history: list[dict] = field(default_factory=list)
    # Event and Task records by object, then Id (flat, as ``records``).
    activities: dict[str, dict[str, dict]] = field(
        default_factory=lambda: {"Event": {}, "Task": {}}
    )
    queries: list[str] = field(default_factory=list)
    # Set: each GET (query, queryMore, Bulk results) waits on it after setting ``reached``,
    # while a test kills the syncing process.
    hold: threading.Event | None = None
    reached: threading.Event = field(default_factory=threading.Event)
    cursors: dict[str, list[dict]] = field(default_factory=dict)
    jobs: dict[str, object] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Opportunity's fields as describe lists them (resources.OPPORTUNITY_FIELDS).
    describe_fields: list[dict] = field(default_factory=lambda: list(resources.OPPORTUNITY_FIELDS))

    def tick(self) -> str:
        self.clock += timedelta(seconds=1, milliseconds=250)
        return (
            self.clock.strftime("%Y-%m-%dT%H:%M:%S.") + f"{self.clock.microsecond // 1000:03d}+0000"
        )

    def put(self, **values) -> None:
        """Create or change an opportunity (flat: ``Owner.Email``); SystemModstamp moves."""
        with self.lock:
            new = values["Id"] not in self.records
            record = self.records.setdefault(values["Id"], {"IsDeleted": False})
            tracked = new or any(record.get(k) != values[k] for k in HISTORY_FIELDS if k in values)
            record.update(values)
            record["SystemModstamp"] = self.tick()
            if tracked:
                self._history_row(record, record["SystemModstamp"])

    def _history_row(self, record: dict, created: str, **values) -> None:
        row = {name: record.get(name) for name in HISTORY_FIELDS + ("CurrencyIsoCode",)}
        number = len(self.history) + 1
        self.history.append(
            row
            | values
            | {
                "Id": f"008Hs{number:010d}AAA",
                "OpportunityId": record["Id"],
                "CreatedDate": created,
                "SystemModstamp": created,
                "IsDeleted": False,
            }
        )

    def put_activity(self, kind: str, **values) -> None:
        """Create or change an Event or Task (flat: ``Owner.Email``); SystemModstamp moves."""
        with self.lock:
            record = self.activities[kind].setdefault(values["Id"], {"IsDeleted": False})
            record.update(values)
            record["SystemModstamp"] = self.tick()

    def put_user(self, **values) -> None:
        """Create or change a User (flat: ``UserRole.Name``); its SystemModstamp moves."""
        with self.lock:
            record = self.users.setdefault(values["Id"], {"IsDeleted": False, "IsActive": True})
            record.update(values)
            record["Name"] = " ".join(
                part for part in (record.get("FirstName"), record.get("LastName")) if part
            )
            record["SystemModstamp"] = self.tick()

    def past(self, record_id: str, created: str, **values) -> None:
        """An OpportunityHistory row recorded at ``created`` (an earlier stage, amount …)."""
        with self.lock:
            self._history_row(self.records[record_id], created, **values)

    def delete(self, record_id: str) -> None:
        """Move a record to the recycle bin (queryAll still sees it, IsDeleted true)."""
        with self.lock:
            self.records[record_id]["IsDeleted"] = True
            self.records[record_id]["SystemModstamp"] = self.tick()

    def results_page(self, names, found, start: int, size: int) -> tuple[str, int]:
        """One Bulk results page: its CSV and its record count."""
        page = found[start : start + size]
        return csv_text(names, page), len(page)

    def rows_of(self, sobject: str):
        """The records of one object."""
        return {
            "Opportunity": self.records.values(),
            "OpportunityHistory": self.history,
            "User": self.users.values(),
            **{kind: records.values() for kind, records in self.activities.items()},
        }[sobject]

    def jobs_seen(self) -> list[str]:
        """The SOQL of every Bulk API 2.0 query job created."""
        return list(self.queries)

    def expire_sessions(self) -> None:
        self.tokens.clear()

    def select(self, soql: str, *, deleted: bool) -> tuple[list[str], list[dict]]:
        """The fields and records a SOQL query of the forms Pacer sends returns."""
        match = SOQL.match(soql.strip())
        known = ("Opportunity", "OpportunityHistory", "User", *self.activities)
        if not match or match["object"] not in known:
            raise ValueError(f"MALFORMED_QUERY: {soql}")
        names = [name.strip() for name in match["fields"].split(",")]
        rows = self.rows_of(match["object"])
        found = [r for r in rows if deleted or not r["IsDeleted"]]
        for condition in filter(None, (c.strip() for c in (match["where"] or "").split(" AND "))):
            holds = _predicate(condition)
            found = [r for r in found if holds(r)]
        found.sort(key=lambda r: r["Id"])
        return names, found


def _holds(record: dict, condition: str) -> bool:
    return _predicate(condition)(record)


@lru_cache(maxsize=64)
def _predicate(condition: str) -> Callable[[dict], bool]:
    """A WHERE condition of the forms Pacer sends, parsed once for every record it is tried on
    (SystemModstamp is indexed in Salesforce: the stand-in must not take seconds to filter a
    large org, or the bench would time the stand-in rather than Pacer)."""
    name, operator, value = condition.split(" ", 2)
    if name == "IsDeleted":
        wanted = value == "true"
        return lambda record: record["IsDeleted"] == wanted
    if name == "SystemModstamp" and operator == ">":
        return _modified_after(datetime.fromisoformat(value.replace("Z", "+00:00")))
    raise ValueError(f"MALFORMED_QUERY: unsupported condition {condition}")


def _modified_after(after: datetime) -> Callable[[dict], bool]:
    """Whether a record's SystemModstamp is after ``after``. The stand-in's own stamps (``tick``,
    UTC to the millisecond) compare as text with ``after`` in their format, truncated to the
    millisecond (exact for ``>``); any other form is parsed."""
    utc = after.astimezone(UTC)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}+0000"

    def holds(record: dict) -> bool:
        stamp = record["SystemModstamp"]
        if len(stamp) == len(text) and stamp.endswith("+0000"):
            return stamp > text
        return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f%z") > after

    return holds


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)  # a JSON number, as the REST API sends it
    return value


PARENT_TYPES = {"Owner": "User", "UserRole": "UserRole", "Account": "Account"}


def rest_record(names: list[str], record: dict, sobject: str = "Opportunity") -> dict:
    """A REST API record: relationship fields nested, with ``attributes``; a parent reached
    through an empty lookup (``UserRoleId`` blank) is null."""
    out: dict = {"attributes": {"type": sobject, "url": f"/sobjects/{sobject}/{record['Id']}"}}
    for name in names:
        value = _json_value(record.get(name))
        if "." in name:
            parent, child = name.split(".", 1)
            if f"{parent}Id" in record and not record[f"{parent}Id"]:
                out[parent] = None
                continue
            out.setdefault(parent, {"attributes": {"type": PARENT_TYPES.get(parent, parent)}})
            out[parent][child] = value
        else:
            out[name] = value
    return out


def csv_text(names: list[str], records: list[dict]) -> str:
    """Bulk API 2.0 CSV: every value quoted, booleans true/false, nulls empty."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(names)
    for record in records:
        row = []
        for name in names:
            value = record.get(name)
            row.append(
                ""
                if value is None
                else ("true" if value is True else "false" if value is False else str(value))
            )
        writer.writerow(row)
    return out.getvalue()


class Handler(BaseHTTPRequestHandler):
    org: StandinOrg
    base: str

    def log_message(self, *args) -> None:  # quiet test output
        pass

    def _send(self, status: int, body, content_type: str = "application/json", headers=None):
        data = (
            body
            if isinstance(body, bytes)
            else (body if isinstance(body, str) else json.dumps(body)).encode()
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Sforce-Limit-Info", f"api-usage={self.org.api_usage}/{API_LIMIT}")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, code: str, message: str) -> None:
        self._send(status, [{"message": message, "errorCode": code}])

    def _api_allowed(self) -> bool:
        org = self.org
        org.calls.append(f"{self.command} {self.path}")
        token = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if token not in org.tokens:
            self._error(401, "INVALID_SESSION_ID", "Session expired or invalid")
            return False
        if org.failures:
            self._error(*org.failures.pop(0))
            return False
        org.api_usage += 1
        return True

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode()
        path = urlparse(self.path).path
        if path == "/services/oauth2/token":
            return self._token(parse_qs(body))
        if path.startswith("/_standin/") and hasattr(self.org, "control"):
            # Not Salesforce: the bench changes the synthetic org between syncs (synthetic.py).
            return self._send(200, self.org.control(path[10:], json.loads(body or "{}")))
        if re.fullmatch(r"/services/data/v[\d.]+/jobs/query", path) and self._api_allowed():
            request = json.loads(body)
            job_id = "750" + secrets.token_hex(6)
            self.org.jobs[job_id] = request["query"]
            self.org.queries.append(request["query"])
            return self._send(
                200,
                {
                    "id": job_id,
                    "operation": request["operation"],
                    "object": SOQL.match(request["query"].strip())["object"],
                    "state": "UploadComplete",
                    "contentType": "CSV",
                    "lineEnding": "LF",
                    "columnDelimiter": "COMMA",
                },
            )
        if not path.startswith("/services/data/"):
            self._error(404, "NOT_FOUND", "The requested resource does not exist")

    def _token(self, form: dict[str, list[str]]) -> None:
        org = self.org
        org.calls.append("POST /services/oauth2/token")
        grant = form.get("grant_type", [""])[0]
        ok = False
        if grant == "password":
            ok = (
                form.get("client_id", [""])[0] == org.client_id
                and form.get("username", [""])[0] == org.username
                and form.get("password", [""])[0] == org.password + org.security_token
            )
        elif grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            try:
                claims = jwt.decode(
                    form["assertion"][0], org.public_key, algorithms=["RS256"], audience=self.base
                )
                ok = claims["iss"] == org.client_id and claims["sub"] == org.username
            except (jwt.PyJWTError, KeyError):
                ok = False
        if not ok:
            return self._send(
                400, {"error": "invalid_grant", "error_description": "authentication failure"}
            )
        token = "00D" + secrets.token_hex(16)
        org.tokens.add(token)
        self._send(
            200,
            {
                "access_token": token,
                "instance_url": self.base,
                "id": f"{self.base}/id/00D000000000001/005000000000001",
                "token_type": "Bearer",
                "issued_at": "1764600000000",
                "signature": "c3RhbmRpbg==",
            },
        )

    def do_GET(self) -> None:
        url = urlparse(self.path)
        if not self._api_allowed():
            return
        if self.org.hold is not None:
            self.org.reached.set()
            self.org.hold.wait(60)
        query = parse_qs(url.query)
        if url.path.startswith("/id/"):
            return self._send(200, resources.identity(self.org, self.base))
        if re.fullmatch(r"/services/data/v[\d.]+/limits/?", url.path):
            return self._send(200, resources.limits(self.org, API_LIMIT))
        if re.fullmatch(r"/services/data/v[\d.]+/sobjects/Opportunity/describe/?", url.path):
            return self._send(200, resources.describe_opportunity(self.org))
        if match := re.fullmatch(
            r"/services/data/v[\d.]+/(query|queryAll)/(?P<cursor>[\w-]+)", url.path
        ):
            return self._page(match["cursor"])
        if match := re.fullmatch(r"/services/data/v[\d.]+/(query|queryAll)/?", url.path):
            try:
                names, found = self.org.select(query["q"][0], deleted=match[1] == "queryAll")
            except ValueError as error:
                return self._error(400, "MALFORMED_QUERY", str(error))
            cursor = secrets.token_hex(8)
            sobject = SOQL.match(query["q"][0].strip())["object"]
            self.org.cursors[cursor] = [rest_record(names, r, sobject) for r in found]
            return self._page(cursor, total=len(found))
        if match := re.fullmatch(r"/services/data/v[\d.]+/jobs/query/(\w+)", url.path):
            return self._send(200, {"id": match[1], "operation": "query", "state": "JobComplete"})
        if match := re.fullmatch(r"/services/data/v[\d.]+/jobs/query/(\w+)/results", url.path):
            return self._results(match[1], query)
        self._error(404, "NOT_FOUND", "The requested resource does not exist")

    def _page(self, cursor: str, total: int | None = None) -> None:
        left = self.org.cursors.pop(cursor, None)
        if left is None:
            return self._error(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
        page, rest = left[: self.org.rest_page], left[self.org.rest_page :]
        body = {
            "totalSize": total if total is not None else len(left),
            "done": not rest,
            "records": page,
        }
        if rest:
            nxt = secrets.token_hex(8)
            self.org.cursors[nxt] = rest
            version = self.path.split("/")[3]
            body["nextRecordsUrl"] = f"/services/data/{version}/query/{nxt}"
        self._send(200, body)

    def _results(self, job_id: str, query: dict) -> None:
        job = self.org.jobs[job_id]
        if isinstance(job, str):  # the job's records, as of its first results page
            job = self.org.jobs[job_id] = self.org.select(job, deleted=False)
        names, found = job
        start = int(query.get("locator", ["0"])[0] or 0)
        size = min(int(query.get("maxRecords", [self.org.bulk_page])[0]), self.org.bulk_page)
        text, count = self.org.results_page(names, found, start, size)
        locator = str(start + size) if start + size < len(found) else "null"
        headers = {"Sforce-Locator": locator, "Sforce-NumberOfRecords": str(count)}
        self._send(200, text, "text/csv", headers)


class Standin:
    """The stand-in served on a thread (its own sockets, real HTTP over TLS)."""

    def __init__(self, org: StandinOrg, cert_file, key_file, port: int = 0) -> None:
        self.org = org
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.server.server_address[1]}"
        handler = type("BoundHandler", (Handler,), {"org": org, "base": self.url})
        self.server.RequestHandlerClass = handler
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Standin:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
