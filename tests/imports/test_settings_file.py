"""Issue 14, import settings as a file: downloaded from the imports page, given to the commands
as --mapping FILE, applied and saved before importing (all or nothing)."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from goals.models import Meeting, Opportunity, StageAlias
from imports import preferences
from imports.models import ColumnMapping, CurrencyRate
from tests.factories import PersonFactory, UserFactory

from .conftest import database_state

pytestmark = pytest.mark.django_db
EXPORT = (
    "Deal Ref,Opportunity Owner,Account Name,Phase,Amount,Amount Currency,Close Date\n"
    "0065b00000Mf001,Avery Stone,Lima SA,Propuesta,4612.6125,PEN,3/4/2026\n"
)
SETTINGS = {
    "columns": {"external_id": "Deal Ref", "stage": "Phase"},
    "stages": {"Propuesta": "5"},
    "currency_rates": {"PEN": "0.27"},
    "date_format": "MDY",
    "meeting_types": [],
}


def _files(tmp_path, settings):
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(settings), encoding="utf-8")
    return str(export), str(mapping)


def test_the_mapping_file_is_applied_saved_and_used(team, tmp_path):
    export, mapping = _files(tmp_path, SETTINGS)
    call_command("import_opportunities", export, "--mapping", mapping, stdout=StringIO())
    deal = Opportunity.objects.get()
    assert (deal.stage, deal.amount, deal.close_date.isoformat()) == (
        "5",
        Decimal("1245.41"),
        "2026-03-04",
    )
    assert StageAlias.objects.get().name == "Propuesta"
    assert CurrencyRate.objects.get().rate == Decimal("0.27")
    assert ColumnMapping.objects.filter(kind="opportunities").count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"stages": {"Propuesta": "7"}}, 'stages."Propuesta" is \'7\': use "1".."6"'),
        ({"stages": {"Propuesta": "Won"}}, 'use "1".."6", "won" or "lost"'),
        ({"currency_rates": {"PEN": "-1"}}, "currency_rates.PEN is '-1': a number above 0"),
        ({"columns": {"owner_name": "x"}}, "columns.owner_name: not a field of opportunities"),
        ({"date_format": "YMD"}, "date_format is 'YMD'"),
        ({"stage_aliases": {}}, "unknown key(s) ['stage_aliases']"),
    ],
)
def test_a_wrong_mapping_file_is_refused_naming_the_key_and_changes_nothing(
    team, tmp_path, change, message
):
    export, mapping = _files(tmp_path, SETTINGS | change)
    before = database_state()
    with pytest.raises(CommandError, match="nothing changed") as refused:
        call_command("import_opportunities", export, "--mapping", mapping, stdout=StringIO())
    assert message in str(refused.value)
    assert database_state() == before
    assert not StageAlias.objects.exists() and not CurrencyRate.objects.exists()


def test_the_imports_page_downloads_what_the_commands_read(client, team, tmp_path):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    assert reverse("import_settings") in client.get(reverse("imports")).content.decode()
    StageAlias.objects.create(name="Propuesta", stage="5")
    CurrencyRate.objects.create(currency="PEN", rate=Decimal("0.27"))
    ColumnMapping.objects.create(kind="opportunities", field="external_id", column="Deal Ref")
    ColumnMapping.objects.create(kind="opportunities", field="stage", column="Phase")
    preferences.save_date_format("MDY")
    response = client.get(reverse("import_settings") + "?kind=opportunities")
    assert "attachment" in response["Content-Disposition"]
    downloaded = json.loads(response.content)
    assert downloaded == SETTINGS
    # The downloaded file, given back to a command on a fresh set-up, imports the same.
    StageAlias.objects.all().delete()
    CurrencyRate.objects.all().delete()
    ColumnMapping.objects.all().delete()
    export, mapping = _files(tmp_path, downloaded)
    call_command(
        "import_opportunities",
        export,
        "--mapping",
        mapping,
        stdout=StringIO(),
    )
    assert Opportunity.objects.get().amount == Decimal("1245.41")
    assert preferences.date_format() == "MDY"


MEETINGS = (
    "Activity ID,Assigned,Date,Type,Status,Subject\n"
    "00U5b00000AbC01,Sam Rivera,3/4/2026,New Business Meeting,Held,Intro\n"
    "00U5b00000AbC02,Sam Rivera,3/5/2026,Email,Held,Follow-up\n"
    "00U5b00000AbC03,Sam Rivera,3/6/2026,EBC,Held,Board\n"
    "00U5b00000AbC04,Sam Rivera,3/7/2026,email,Held,Another\n"
)


def test_meeting_types_in_the_mapping_file_decide_which_meetings_are_imported(tmp_path):
    PersonFactory(name="Sam Rivera", email="sam@example.com", role="sdr", sdr_segment="outbound")
    export = tmp_path / "meetings.csv"
    export.write_text(MEETINGS, encoding="utf-8")
    mapping = tmp_path / "mapping.json"
    types = ["New Business Meeting", " EBC ", "ebc", ""]
    mapping.write_text(json.dumps({"meeting_types": types, "date_format": "MDY"}))
    out = StringIO()
    call_command("import_meetings", str(export), "--mapping", str(mapping), stdout=out)
    assert sorted(Meeting.objects.values_list("type", flat=True)) == ["EBC", "New Business Meeting"]
    text = out.getvalue()
    assert "rows in file 4 = imported 2" in text and "+ skipped 2" in text
    assert "2 row(s) left out by the meeting type filter: Email (1), email (1)" in text
    assert preferences.meeting_types() == ["New Business Meeting", "EBC"]
    assert json.loads(call_settings_download(tmp_path))["meeting_types"] == [
        "New Business Meeting",
        "EBC",
    ]


def call_settings_download(tmp_path) -> bytes:
    from django.test import Client

    client = Client()
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    return client.get(reverse("import_settings") + "?kind=meetings").content


def test_no_meeting_type_filter_imports_every_type(tmp_path):
    PersonFactory(name="Sam Rivera", email="sam@example.com", role="sdr", sdr_segment="outbound")
    export = tmp_path / "meetings.csv"
    export.write_text(MEETINGS, encoding="utf-8")
    call_command("import_meetings", str(export), "--date-format", "MDY", stdout=StringIO())
    assert Meeting.objects.count() == 4
