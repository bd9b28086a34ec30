"""A deterministic, believable demo organisation, written as Salesforce-style exports.

The demo runs "as of" ``DEMO_TODAY`` in FY24-Q3, so that FY24 targets apply and pace is
mid-quarter. Reps get a performance factor: some far ahead, some on pace, some below.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from goals.salesforce import to_18_char_id

DEMO_TODAY = date(2023, 9, 15)
FY_START = date(2023, 2, 1)
FY_END = date(2024, 1, 31)
SEED = 2024
DEMO_PASSWORD = "pacer-demo-2024"  # noqa: S105 - published demo login, documented in README

OPPORTUNITY_HEADER = [
    "Opportunity ID",
    "Opportunity Name",
    "Opportunity Owner",
    "Account Name",
    "Type",
    "Stage",
    "Amount",
    "Amount Currency",
    "Close Date",
    "Created Date",
    "SAO Date",
    "Sourced By",
    "Lead Source",
]
MEETING_HEADER = ["Activity ID", "Assigned", "Date", "Meeting Type", "Status", "Account Name"]
PEOPLE_HEADER = [
    "Name",
    "Email",
    "Role",
    "SDR Segment",
    "Level",
    "Manager Email",
    "Start Date",
    "Ramp Year",
]
STAGE_NAMES = {
    "1": "1 - Prospecting",
    "2": "2 - Qualification",
    "3": "3 - Scoping",
    "4": "4 - Technical Validation",
    "5": "5 - Proposal",
    "6": "6 - Negotiation",
    "won": "Closed Won",
    "lost": "Closed Lost",
}
# Demo logins: username -> e-mail of the person it signs in as.
DEMO_LOGINS = {
    "admin": "admin@pacer.example",
    "manager": "maria.lopez@pacer.example",
    "ae": "avery.stone@pacer.example",
    "sdr": "sam.rivera@pacer.example",
}

FIRST = [
    "Avery",
    "Jordan",
    "Riley",
    "Casey",
    "Morgan",
    "Quinn",
    "Taylor",
    "Jamie",
    "Drew",
    "Reese",
    "Emerson",
    "Rowan",
    "Skyler",
    "Parker",
    "Hayden",
    "Sam",
    "Noor",
    "Ana",
    "Björn",
    "Chloé",
    "Dev",
    "Elif",
    "Femi",
    "Gus",
]
LAST = [
    "Stone",
    "Patel",
    "Nguyen",
    "Okafor",
    "Schmidt",
    "Kowalski",
    "Tanaka",
    "Müller",
    "García",
    "Haddad",
    "Ivanova",
    "Johansson",
    "Kim",
    "Larsen",
    "Moreau",
    "Rivera",
    "Silva",
    "Brennan",
    "Costa",
    "Dubois",
    "Evans",
    "Fischer",
    "Gómez",
    "Hughes",
]
COMPANY_WORDS = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Massive",
    "Aperture",
    "Wonka",
    "Gringotts",
    "Oscorp",
    "Nakatomi",
    "Monarch",
    "Pied Piper",
    "Dunder",
]
COMPANY_SUFFIX = [
    "Labs",
    "Systems",
    "Corp",
    "Cloud",
    "Software",
    "Health",
    "Bank",
    "Retail",
    "Logistics",
    "Media",
    "Energy",
    "Foods",
]


@dataclass
class DemoPerson:
    name: str
    email: str
    role: str
    segment: str = ""
    level: str = ""
    manager_email: str = ""
    start_date: date | None = None
    ramp_year: int | None = None
    factor: float = 1.0


def _email(name: str) -> str:
    plain = name.lower().translate(str.maketrans("öüéíóáç", "oueioac")).replace(" ", ".")
    return f"{plain}@pacer.example"


def build_people() -> list[DemoPerson]:
    """A VP, three managers, 15 AEs, 9 SDRs and an admin, with fixed performance factors."""
    people = [
        DemoPerson("Admin User", "admin@pacer.example", "admin"),
        DemoPerson("Victoria Hale", "victoria.hale@pacer.example", "manager", level="L6"),
    ]
    managers = [("Maria Lopez", "ae"), ("Ben Carter", "ae"), ("Priya Shah", "sdr")]
    for name, _ in managers:
        people.append(
            DemoPerson(
                name,
                _email(name),
                "manager",
                level="L5",
                manager_email="victoria.hale@pacer.example",
            )
        )
    # Far ahead, on pace, below two targets: a spread a manager would believe.
    ae_factors = [1.0, 1.6, 0.45, 1.1, 0.95, 0.5, 1.3, 0.8, 1.05, 0.4, 1.45, 0.9, 0.55, 1.2, 1.0]
    for index, factor in enumerate(ae_factors):
        name = "Avery Stone" if index == 0 else f"{FIRST[index]} {LAST[index]}"
        manager = managers[0][0] if index < 8 else managers[1][0]
        people.append(
            DemoPerson(
                name,
                _email(name),
                "ae",
                level=f"L{1 + index % 5}",
                manager_email=_email(manager),
                start_date=date(2021, 3, 1) if index != 9 else date(2023, 3, 6),
                ramp_year=2024 if index == 9 else None,
                factor=factor,
            )
        )
    segments = ["outbound"] * 3 + ["inbound"] * 3 + ["vc_bod"] * 3
    sdr_factors = [1.0, 1.4, 0.5, 0.9, 1.2, 0.6, 1.1, 0.45, 1.0]
    for index, (segment, factor) in enumerate(zip(segments, sdr_factors, strict=True)):
        name = "Sam Rivera" if index == 0 else f"{FIRST[15 + index - 1]} {LAST[index + 15]}"
        people.append(
            DemoPerson(
                name,
                _email(name),
                "sdr",
                segment=segment,
                level="L1",
                manager_email=_email("Priya Shah"),
                start_date=date(2022, 6, 1) if index != 4 else date(2023, 5, 10),
                factor=factor,
            )
        )
    return people


class _Ids:
    """Deterministic 18-character Salesforce-style ids."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return to_18_char_id(f"{self.prefix}5b00000{self.count:05d}")


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low // 100, high // 100) * 100)


def _us_date(day: date | None) -> str:
    return f"{day.month}/{day.day}/{day.year}" if day else ""


def build_exports(people: list[DemoPerson]) -> tuple[list[list[str]], list[list[str]]]:
    """Opportunity and meeting rows (as Salesforce report exports write them)."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    accounts = [f"{w} {s}" for w in COMPANY_WORDS for s in COMPANY_SUFFIX]
    rng.shuffle(accounts)
    exports = _Exports(rng, accounts)
    aes = [p for p in people if p.role == "ae"]
    sdrs = [p for p in people if p.role == "sdr"]
    # One random stream: the order of the draws below is the demo's data.
    for index, ae in enumerate(aes):
        book = accounts[index * 14 % len(accounts) :] + accounts[: index * 14 % len(accounts)]
        logos = iter(book)
        _won_and_lost(exports, ae, book, logos)
        _open_and_past(exports, ae, book, logos)
    for sdr in sdrs:
        _sdr_saos(exports, sdr, aes)
    for sdr in sdrs:
        _sdr_meetings(exports, sdr)
    return exports.opportunities, exports.meetings


class _Exports:
    """The export rows being drawn, with the random stream and the record ids they draw from."""

    def __init__(self, rng: random.Random, accounts: list[str]) -> None:
        self.rng, self.accounts = rng, accounts
        self.opp_ids, self.meeting_ids = _Ids("006"), _Ids("00U")
        self.opportunities: list[list[str]] = []
        self.meetings: list[list[str]] = []

    def add(self, owner, account, kind, stage, amount, close, created, sao, sdr="", name=""):
        """One opportunity row."""
        rng, opp_ids, opportunities = self.rng, self.opp_ids, self.opportunities
        opportunities.append(
            [
                opp_ids.next(),
                name or f"{account} - {'Land' if kind == 'New Business' else 'Expand'}",
                owner.name,
                account,
                kind,
                STAGE_NAMES[stage],
                f"{amount:.2f}",
                "USD",
                _us_date(close),
                _us_date(created),
                _us_date(sao),
                sdr,
                rng.choice(["Outbound", "Inbound", "Partner", "Event"]),
            ]
        )

    def meeting(self, sdr: DemoPerson, day: date, kind: str, status: str) -> None:
        """One meeting row (its account drawn last)."""
        account = self.rng.choice(self.accounts)
        self.meetings.append(
            [self.meeting_ids.next(), sdr.name, _us_date(day), kind, status, account]
        )


def _won_and_lost(exports: _Exports, ae: DemoPerson, book: list[str], logos) -> None:
    """An AE's won and lost deals this fiscal year."""
    rng, add, f = exports.rng, exports.add, ae.factor
    # Won this fiscal year: about 12 deals of ~40k for an on-pace rep by mid-Q3.
    for _ in range(max(1, round(11 * f))):
        close = _day(rng, FY_START, DEMO_TODAY - timedelta(days=1))
        created = close - timedelta(days=rng.randint(30, 120))
        new = rng.random() < 0.55
        account = next(logos) if new else rng.choice(book[:6])
        sao = created + timedelta(days=rng.randint(3, 14))
        add(
            ae,
            account,
            "New Business" if new else "Existing Business",
            "won",
            _amount(rng, 20000, 70000),
            close,
            created,
            sao,
        )
    for _ in range(6):
        close = _day(rng, FY_START, DEMO_TODAY - timedelta(days=1))
        created = close - timedelta(days=rng.randint(30, 120))
        add(
            ae,
            next(logos),
            "New Business",
            "lost",
            _amount(rng, 10000, 90000),
            close,
            created,
            created + timedelta(days=rng.randint(3, 14)),
        )


def _open_and_past(exports: _Exports, ae: DemoPerson, book: list[str], logos) -> None:
    """An AE's open pipeline, early-stage new logos and last year's wins."""
    rng, add, f = exports.rng, exports.add, ae.factor
    # Open pipeline: closes later this year, a few already overdue.
    for _ in range(max(2, round(16 * f))):
        close = _day(rng, DEMO_TODAY - timedelta(days=10), FY_END)
        created = _day(rng, date(2023, 3, 1), DEMO_TODAY - timedelta(days=5))
        new = rng.random() < 0.6
        add(
            ae,
            next(logos) if new else rng.choice(book[:6]),
            "New Business" if new else "Existing Business",
            rng.choice(["2", "3", "3", "4", "4", "5", "6"]),
            _amount(rng, 40000, 200000),
            close,
            created,
            created + timedelta(days=rng.randint(2, 10)),
        )
    # Early-stage new logos, some with no SAO yet.
    for _ in range(round(5 * f)):
        created = _day(rng, date(2023, 6, 1), DEMO_TODAY - timedelta(days=2))
        add(
            ae,
            next(logos),
            "New Customer",
            "1",
            _amount(rng, 15000, 60000),
            created + timedelta(days=rng.randint(60, 150)),
            created,
            created + timedelta(days=1) if rng.random() < 0.7 else None,
        )
    # Last year's wins: outside FY24, never counted.
    for _ in range(3):
        close = _day(rng, date(2022, 6, 1), FY_START - timedelta(days=1))
        add(
            ae,
            rng.choice(book[:6]),
            "Existing Business",
            "won",
            _amount(rng, 20000, 60000),
            close,
            close - timedelta(days=60),
            close - timedelta(days=50),
        )


def _sdr_saos(exports: _Exports, sdr: DemoPerson, aes: list[DemoPerson]) -> None:
    """An SDR's SAOs, month by month."""
    rng, add, accounts = exports.rng, exports.add, exports.accounts
    # Four SAOs a month for an on-pace outbound SDR; month by month since March.
    monthly = {"outbound": 4, "inbound": 5, "vc_bod": 5}[sdr.segment] * sdr.factor
    month = date(2023, 2, 1)
    while month <= DEMO_TODAY:
        next_month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        last = min(next_month - timedelta(days=1), DEMO_TODAY)
        start = max(month, sdr.start_date or month)
        if start <= last:
            share = ((last - start).days + 1) / ((next_month - month).days)
            for _ in range(round(monthly * share + rng.uniform(-1, 1))):
                sao = _day(rng, start, last)
                owner = rng.choice(aes)
                add(
                    owner,
                    rng.choice(accounts),
                    "New Business",
                    rng.choice(["1", "2", "2", "3", "lost"]),
                    _amount(rng, 20000, 90000),
                    sao + timedelta(days=rng.randint(60, 180)),
                    sao - timedelta(days=2),
                    sao,
                    sdr=sdr.name,
                )
        month = next_month


MEETING_TYPES = {
    "outbound": ["New Business Meeting"],
    "inbound": ["New Business Meeting"],
    "vc_bod": ["EBC", "Referral"],
}


def _sdr_meetings(exports: _Exports, sdr: DemoPerson) -> None:
    """An SDR's meetings, and discovery calls that never count."""
    rng = exports.rng
    per_quarter = {"outbound": 24, "inbound": 20, "vc_bod": 30}[sdr.segment] * sdr.factor
    start = max(date(2023, 5, 1), sdr.start_date or FY_START)
    days = (DEMO_TODAY - start).days + 1
    for _ in range(round(per_quarter * days / 92 * 1.1)):
        status = rng.choices(["Held", "No Show", "Cancelled"], weights=[88, 8, 4])[0]
        day = _day(rng, start, DEMO_TODAY)
        exports.meeting(sdr, day, rng.choice(MEETING_TYPES[sdr.segment]), status)
    # Discovery calls never count toward new-business meetings.
    for _ in range(3):
        exports.meeting(sdr, _day(rng, start, DEMO_TODAY), "Discovery Call", "Held")


def people_rows(people: list[DemoPerson]) -> list[list[str]]:
    return [
        [
            p.name,
            p.email,
            p.role,
            p.segment,
            p.level,
            p.manager_email,
            p.start_date.isoformat() if p.start_date else "",
            str(p.ramp_year or ""),
        ]
        for p in people
    ]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_demo_exports(folder: Path) -> dict[str, Path]:
    """Write the demo roster, opportunities and meetings as CSV files into ``folder``."""
    people = build_people()
    opportunities, meetings = build_exports(people)
    paths = {
        "people": folder / "demo_people.csv",
        "opportunities": folder / "demo_opportunities.csv",
        "meetings": folder / "demo_meetings.csv",
    }
    write_csv(paths["people"], PEOPLE_HEADER, people_rows(people))
    write_csv(paths["opportunities"], OPPORTUNITY_HEADER, opportunities)
    write_csv(paths["meetings"], MEETING_HEADER, meetings)
    return paths


def create_demo_logins() -> None:
    """Give the demo people their published logins (see README)."""
    from django.contrib.auth import get_user_model

    from people.models import Person

    users = get_user_model()
    for username, email in DEMO_LOGINS.items():
        user, _ = users.objects.get_or_create(username=username, defaults={"email": email})
        user.set_password(DEMO_PASSWORD)
        user.is_staff = username == "admin"
        user.is_superuser = username == "admin"
        user.save()
        Person.objects.filter(email=email).update(user=user)
