"""The Salesforce secrets set on the page, encrypted at rest with Fernet (AES-128-CBC and an
HMAC-SHA256), by cryptography's MultiFernet over ``SALESFORCE_SECRET_KEYS``: the first key
encrypts, every key decrypts, ``rotate`` re-encrypts with the first. With no key set, one key
is derived from ``SECRET_KEY`` by HKDF-SHA256 (changing SECRET_KEY then makes the stored
secrets unreadable: set SALESFORCE_SECRET_KEYS in production)."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

HKDF_INFO = b"pacer salesforce secrets v1"


class SecretUnreadable(ImproperlyConfigured):
    """A stored secret none of the keys decrypts."""


def derived_key() -> bytes:
    """The Fernet key derived from SECRET_KEY, used only while SALESFORCE_SECRET_KEYS is
    unset."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO)
    return base64.urlsafe_b64encode(hkdf.derive(settings.SECRET_KEY.encode()))


def keys_source() -> str:
    """Where the keys come from, in words, for the page."""
    count = len(settings.SALESFORCE_SECRET_KEYS)
    if count:
        return f"SALESFORCE_SECRET_KEYS ({count} key{'s' if count > 1 else ''})"
    return "a key derived from SECRET_KEY (SALESFORCE_SECRET_KEYS is not set)"


def _fernet() -> MultiFernet:
    keys = settings.SALESFORCE_SECRET_KEYS or [derived_key()]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(text: str) -> str:
    """A Fernet token of ``text`` under the first key; "" stays "" (not set)."""
    return _fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str, *, name: str = "secret") -> str:
    """The clear text of ``token`` ("" for ""); SecretUnreadable naming the secret when no
    key decrypts it."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable(
            f"the stored Salesforce {name} cannot be decrypted with the current keys "
            f"({keys_source()}): add the key it was saved with back to SALESFORCE_SECRET_KEYS "
            "(after the new one), or enter it again on the Salesforce page"
        ) from None


def rotate(token: str, *, name: str = "secret") -> str:
    """``token`` re-encrypted with the first key (MultiFernet.rotate)."""
    if not token:
        return ""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken:
        decrypt(token, name=name)  # raises SecretUnreadable with the words
        raise
