import pytest

from goals.salesforce import to_18_char_id


def test_15_character_id_gains_its_checksum_suffix():
    assert to_18_char_id("001A0000006Vm9r") == "001A0000006Vm9rIAC"


def test_18_character_id_is_kept_with_an_upper_case_suffix():
    assert to_18_char_id("001A0000006Vm9rIac") == "001A0000006Vm9rIAC"


def test_both_spellings_are_one_record():
    assert to_18_char_id("0065b00000AbCdE") == to_18_char_id("0065b00000AbCdEAAV")


@pytest.mark.parametrize("bad", ["", "123", "001A0000006Vm9r-AC", "000000000000000AAAA"])
def test_anything_else_is_refused(bad):
    with pytest.raises(ValueError, match="Salesforce id"):
        to_18_char_id(bad)
