"""salesforce.vault: the page's secrets under MultiFernet; a key derived from SECRET_KEY only
while SALESFORCE_SECRET_KEYS is unset."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from salesforce import vault


def test_without_keys_a_key_is_derived_from_secret_key_and_the_page_says_so(settings):
    settings.SALESFORCE_SECRET_KEYS = []
    token = vault.encrypt("hunter2")
    assert token and "hunter2" not in token and vault.decrypt(token) == "hunter2"
    assert "derived from SECRET_KEY" in vault.keys_source()
    settings.SECRET_KEY = "another secret key, so another derived key"
    with pytest.raises(vault.SecretUnreadable, match="stored Salesforce password cannot"):
        vault.decrypt(token, name="password")


def test_the_first_key_encrypts_and_every_key_decrypts(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SALESFORCE_SECRET_KEYS = [old]
    token = vault.encrypt("hunter2")
    settings.SALESFORCE_SECRET_KEYS = [new, old]
    assert vault.decrypt(token) == "hunter2"
    rotated = vault.rotate(token)
    settings.SALESFORCE_SECRET_KEYS = [new]
    assert vault.decrypt(rotated) == "hunter2"
    with pytest.raises(vault.SecretUnreadable):
        vault.decrypt(token)


def test_blank_stays_blank(settings):
    assert vault.encrypt("") == "" and vault.decrypt("") == "" and vault.rotate("") == ""
