"""Issue 14, import settings as a file: downloaded from the imports page, given to the commands
as --mapping FILE, applied and saved before importing (all or nothing)."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from goals.models import Opportunity, StageAlias
from imports.models import ColumnMapping, CurrencyRate
from tests.factories import UserFactory

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
    response = client.get(reverse("import_settings") + "?kind=opportunities")
    assert "attachment" in response["Content-Disposition"]
    downloaded = json.loads(response.content)
    assert downloaded == {k: SETTINGS[k] for k in ("columns", "stages", "currency_rates")}
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
        "--date-format",
        "MDY",
        stdout=StringIO(),
    )
    assert Opportunity.objects.get().amount == Decimal("1245.41")
