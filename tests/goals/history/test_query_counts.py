"""Issue 15: the movement page, its API and the rep page read the deal history in a fixed
number of queries, whatever the number of deals or of states (SQLite and PostgreSQL)."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.models import OpportunityState
from tests.factories import PersonFactory, UserFactory

from .exports import Deal, write_export
from .test_history_import import ZONE

pytestmark = pytest.mark.django_db
FIRST = datetime(2023, 8, 4, 6, 0, tzinfo=ZoneInfo(ZONE))
OWNERS = ("Ann Archer", "Bob Baker")


def _week(deals: int, week: int) -> list[Deal]:
    """Every deal's state in week ``week``: each week a third of them move on (stage, amount
    or close date), and every fifth changes owner."""
    found = []
    for n in range(deals):
        moves = week if n % 3 == week % 3 else week - 1
        found.append(
            Deal(
                f"0065b00000{n:05d}AAA",
                OWNERS[(n + (week if n % 5 == 0 else 0)) % 2],
                str(1 + (n + moves) % 5),
                Decimal(1000 + 250 * ((n + moves) % 7)),
                date(2023, 9, 20) + timedelta(days=(n + 9 * moves) % 60),
            )
        )
    return found


def _counts(tmp_path, deals: int, weeks: int) -> dict[str, int]:
    tmp_path.mkdir()
    mia = PersonFactory(name="Mia Manager", email="mia@example.com", role="manager")
    ann = PersonFactory(name=OWNERS[0], email="ann@example.com", manager=mia)
    PersonFactory(name=OWNERS[1], email="bob@example.com", manager=mia)
    for week in range(weeks):
        path = write_export(tmp_path / f"w{week}.csv", _week(deals, week))
        moment = FIRST + timedelta(weeks=week)
        call_command(
            "import_opportunities", str(path), "--taken-at", f"{moment:%Y-%m-%d %H:%M}",
            stdout=StringIO(),
        )  # fmt: skip
    assert OpportunityState.objects.count() > deals  # states beyond the first of each deal
    mia.user = UserFactory(username="mia")
    mia.save(update_fields=["user"])
    from django.test import Client

    client = Client()
    client.force_login(mia.user)
    found = {}
    for name, url in {
        "movement page": f"/people/{mia.id}/movement/?quarter=FY24-Q3",
        "movement API": "/api/v1/movement/?quarter=FY24-Q3&from=2023-09-01&to=2023-09-15"
        "&person=mia@example.com",
        "rep page": f"/people/{ann.id}/quarter/?quarter=FY24-Q3",
    }.items():
        client.get(url)  # warm: sessions, caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        found[name] = len(queries.captured_queries)
    return found


def test_history_pages_query_counts_do_not_grow_with_deals_or_states(today, settings, tmp_path):
    settings.TIME_ZONE = ZONE
    today(date(2023, 9, 15))
    small = _counts(tmp_path / "small", 4, 2)
    from goals.models import Opportunity
    from people.models import Person

    OpportunityState.objects.all().delete()
    Opportunity.objects.all().delete()
    Person.objects.all().delete()
    large = _counts(tmp_path / "large", 60, 6)
    assert large == small
