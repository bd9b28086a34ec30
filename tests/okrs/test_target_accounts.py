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


def test_the_command_has_the_upload_limits(tmp_path, settings):
    """Issue 19: on main the command read any file whole and stored a wide row or a NUL byte;
    now it refuses them as the upload page does, naming the file and line, list unchanged."""
    TargetAccount.objects.create(name="Kept", key="kept")
    files = {
        "wide.csv": ("Account Name,Employees\r\nAcme,10" + ",x" * 1_000 + "\r\n", "line 2:"),
        "nul.csv": ("Account Name,Employees\r\nAc\x00me,10\r\n", "NUL"),
    }
    for name, (text, expected) in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(CommandError, match=expected) as refused:
            call_command("import_target_accounts", str(path))
        assert name in str(refused.value)
    settings.MAX_UPLOAD_BYTES = 1_000
    big = tmp_path / "big.csv"
    big.write_text("Account Name,Employees\r\n" + "".join(f"A{n},10\r\n" for n in range(500)))
    with pytest.raises(CommandError, match="over the upload limit"):
        call_command("import_target_accounts", str(big))
    assert [name for name, _ in accounts()] == ["Kept"]
