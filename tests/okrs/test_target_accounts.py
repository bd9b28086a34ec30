"""The target-account list an admin uploads as CSV."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from okrs.models import TargetAccount

pytestmark = pytest.mark.django_db


def load(tmp_path, text: str) -> str:
    path = tmp_path / "target_accounts.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_target_accounts", str(path), stdout=out)
    return out.getvalue()


def accounts():
    return list(TargetAccount.objects.values_list("name", "employee_count"))


def test_csv_loads_accounts_with_employee_counts(tmp_path):
    out = load(tmp_path, '\ufeffAccount Name,Employees\nGlobex,"12,000"\nInitech,800\nHooli,\n')
    assert "3 target accounts loaded" in out
    assert accounts() == [("Globex", 12000), ("Hooli", None), ("Initech", 800)]


def test_a_new_upload_replaces_the_list(tmp_path):
    load(tmp_path, "Account Name,Employees\nGlobex,12000\n")
    load(tmp_path, "Account Name,Employees\nInitech,800\n")
    assert accounts() == [("Initech", 800)]


def test_one_account_spelled_twice_is_one_row(tmp_path):
    load(tmp_path, "Account Name,Employees\nGlobex,12000\n GLOBEX ,13000\n")
    assert TargetAccount.objects.count() == 1


def test_a_bad_employee_count_refuses_the_upload(tmp_path):
    load(tmp_path, "Account Name,Employees\nGlobex,12000\n")
    with pytest.raises(CommandError, match="line 3: 'lots' is not an employee count"):
        load(tmp_path, "Account Name,Employees\nInitech,800\nUmbrella,lots\n")
    assert accounts() == [("Globex", 12000)]


def test_a_file_without_an_account_column_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Account Name"):
        load(tmp_path, "Company,Employees\nGlobex,12000\n")
