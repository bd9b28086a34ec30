"""A Salesforce org stand-in on 127.0.0.1 (https, self-signed), and Pacer configured for it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import PersonFactory
from tests.salesforce_standin import tls
from tests.salesforce_standin.server import Standin, StandinOrg

OWNERS = {"avery@example.com": "Avery Stone", "chloe@example.com": "Chloé Dubois"}


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory):
    directory = tmp_path_factory.mktemp("standin")
    cert, key = tls.self_signed(directory)
    app_key = tls.private_key()
    app_key_file = directory / "connected_app.key"
    app_key_file.write_bytes(tls.pem(app_key))
    return cert, key, app_key_file, app_key


def user_id(number: int) -> str:
    return f"0055g00000Us{number:03d}AAA"


def user(number: int, first: str, last: str, email: str, **values) -> dict:
    """A User as the org holds it (``UserRole.Name`` flat; no role: UserRoleId blank)."""
    record = {
        "Id": user_id(number),
        "FirstName": first,
        "LastName": last,
        "Email": email,
        "IsActive": True,
        "ManagerId": None,
        "UserRoleId": None,
        "UserRole.Name": None,
        "Title": None,
    }
    return record | values


def seed_users(org: StandinOrg) -> None:
    """The two AEs (the owners' OwnerId), the SDR and the integration user."""
    role = {"UserRoleId": "00E5g000000Ro01AAA", "UserRole.Name": "Account Executive"}
    org.put_user(**user(0, "Avery", "Stone", "avery@example.com", **role))
    org.put_user(**user(1, "Chloé", "Dubois", "Chloe@Example.com", **role))
    org.put_user(**user(2, "Sam", "Rivera", "sam@example.com", Title="SDR"))
    org.put_user(**user(9, "Integration", "User", "integration@example.com", Title="API"))


def owned_by(org: StandinOrg, deal: str, number: int, name: str, email: str) -> None:
    """``deal`` moved to user ``number`` (``Owner.Name``/``Owner.Email`` with it)."""
    org.put(**{"Id": deal, "OwnerId": user_id(number), "Owner.Name": name, "Owner.Email": email})


def owned_by_nobody(org: StandinOrg, deal: str) -> None:
    """``deal`` moved to an active user of the org who matches no person."""
    org.put_user(**user(7, "No", "Body", "nobody@example.com", Title="Account Executive"))
    owned_by(org, deal, 7, "No Body", "nobody@example.com")


def opportunity(number: int, owner: str, **values) -> dict:
    """A flat Opportunity as the org holds it (relationship fields as ``Owner.Email``)."""
    record = {
        "Id": f"0065g00000Sf{number:03d}AAA",
        "Name": f"Deal {number}",
        "OwnerId": user_id(list(OWNERS).index(owner)),
        "Owner.Name": OWNERS[owner],
        "Owner.Email": owner,
        "AccountId": f"0015g00000Ac{number:03d}AAA",
        "Account.Name": f"Account {number % 3}",
        "Type": "New Business",
        "StageName": "Prospecting",
        "IsWon": False,
        "IsClosed": False,
        "Amount": Decimal("10000.00") + number,
        "CurrencyIsoCode": "USD",
        "CloseDate": "2023-08-20",
        "CreatedDate": "2023-07-01T10:00:00.000+0000",
        "SAO_Date__c": None,
        "Sourced_By__c": None,
    }
    return record | values


def seed(org: StandinOrg) -> None:
    """Five deals of two AEs, one SDR-sourced: won, lost and open ones in FY24-Q3."""
    seed_users(org)
    won = {"StageName": "Closed Won", "IsWon": True, "IsClosed": True}
    org.put(**opportunity(1, "avery@example.com", **won, Amount=Decimal("25000.50")))
    org.put(**opportunity(2, "avery@example.com", StageName="Negotiation/Review"))
    org.put(
        **opportunity(
            3,
            "chloe@example.com",
            **won,
            SAO_Date__c="2023-07-15",
            Sourced_By__c="sam@example.com",
        )
    )
    org.put(**opportunity(4, "chloe@example.com", StageName="Closed Lost", IsClosed=True))
    org.put(**opportunity(5, "chloe@example.com", Type="Existing Business", CloseDate="2023-09-01"))


@pytest.fixture
def team(db):
    PersonFactory(name="Avery Stone", email="avery@example.com")
    PersonFactory(name="Chloé Dubois", email="chloe@example.com")
    PersonFactory(name="Sam Rivera", email="sam@example.com", role="sdr", sdr_segment="outbound")


@pytest.fixture
def org(tls_files, settings, team, today):
    """A running stand-in with five deals, and Pacer's SALESFORCE_* settings pointing at it
    (JWT bearer flow, the stand-in's certificate as CA bundle)."""
    today(date(2023, 9, 15))
    cert, key, app_key_file, app_key = tls_files
    state = StandinOrg(public_key=app_key.public_key())
    seed(state)
    with Standin(state, cert, key) as standin:
        settings.SALESFORCE_LOGIN_URL = standin.url
        settings.SALESFORCE_CLIENT_ID = state.client_id
        settings.SALESFORCE_USERNAME = state.username
        settings.SALESFORCE_PRIVATE_KEY_FILE = str(app_key_file)
        settings.SALESFORCE_PASSWORD = ""
        settings.SALESFORCE_CA_BUNDLE = str(cert)
        settings.SALESFORCE_SAO_FIELD = "SAO_Date__c"
        settings.SALESFORCE_SDR_FIELD = "Sourced_By__c"
        settings.SALESFORCE_MULTI_CURRENCY = True
        settings.SALESFORCE_BULK_POLL_SECONDS = 0
        yield state
