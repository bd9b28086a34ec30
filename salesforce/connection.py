"""The org connection the sync uses: the /salesforce/ page's (``OrgConnection``, secrets
decrypted) with each ``SALESFORCE_*`` setting that is set winning over the page's value.
``current()`` is the one place the client reads it from; ``connection_save`` the one place the
page writes it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import vault
from .models import Flow, OrgConnection

PRODUCTION = "https://login.salesforce.com"
SANDBOX = "https://test.salesforce.com"
DEFAULT_API_VERSION = "62.0"
SECRETS = ("private_key", "client_secret", "password", "security_token")
SECRET_NAMES = {
    "private_key": "private key",
    "client_secret": "consumer secret",
    "password": "password",
    "security_token": "security token",
}
# Each page field and the setting that, when set, replaces it (the key: a file's path).
ENVIRONMENT = {
    "login_url": "SALESFORCE_LOGIN_URL",
    "client_id": "SALESFORCE_CLIENT_ID",
    "username": "SALESFORCE_USERNAME",
    "private_key": "SALESFORCE_PRIVATE_KEY_FILE",
    "client_secret": "SALESFORCE_CLIENT_SECRET",
    "password": "SALESFORCE_PASSWORD",
    "security_token": "SALESFORCE_SECURITY_TOKEN",
    "api_version": "SALESFORCE_API_VERSION",
    "multi_currency": "SALESFORCE_MULTI_CURRENCY",
    "sao_field": "SALESFORCE_SAO_FIELD",
    "sdr_field": "SALESFORCE_SDR_FIELD",
}
PLAIN = ("login_url", "flow", "client_id", "username", "api_version", "multi_currency")
PLAIN += ("sao_field", "sdr_field")


@dataclass(frozen=True)
class Connection:
    """What the client logs in with and reads; ``environment``: the fields set by a setting."""

    login_url: str = PRODUCTION
    flow: str = Flow.JWT
    client_id: str = ""
    username: str = ""
    private_key: str = ""
    private_key_file: str = ""
    client_secret: str = ""
    password: str = ""
    security_token: str = ""
    api_version: str = DEFAULT_API_VERSION
    multi_currency: bool = False
    sao_field: str = ""
    sdr_field: str = ""
    ca_bundle: str = ""
    environment: frozenset[str] = frozenset()

    def configured(self) -> bool:
        """A user, a consumer key and the flow's credential (a key, or a password)."""
        credential = self.has_key() if self.flow == Flow.JWT else self.password
        return bool(self.username and self.client_id and credential)

    def has_key(self) -> bool:
        return bool(self.private_key or self.private_key_file)

    def key_pem(self) -> str:
        """The private key's PEM text (the page's, or the environment's file)."""
        return self.private_key or Path(self.private_key_file).read_text()


def environment_fields() -> frozenset[str]:
    """The page's fields a SALESFORCE_* setting sets (and so the page shows read-only)."""
    found = set()
    for name, setting in ENVIRONMENT.items():
        value = getattr(settings, setting, None)
        if value is not None and value != "":
            found.add(name)
    return frozenset(found)


def stored() -> OrgConnection:
    """The page's row (unsaved defaults when the page was never saved)."""
    return OrgConnection.objects.filter(pk=1).first() or OrgConnection(pk=1)


def current(row: OrgConnection | None = None, *, secrets: bool = True) -> Connection:
    """The connection in force: the page's values, each setting that is set winning; the
    flow's secrets decrypted (vault.SecretUnreadable when none of the keys can; ``secrets``
    False: left blank, for the page)."""
    row = row or stored()
    env = environment_fields()
    values = {name: getattr(row, name) for name in PLAIN}
    for name in set(PLAIN) & env:
        values[name] = getattr(settings, ENVIRONMENT[name])
    values["flow"] = _flow(row, env)
    for name in ("private_key",) if values["flow"] == Flow.JWT else SECRETS[1:]:
        if name == "private_key" and name in env:
            values["private_key_file"] = settings.SALESFORCE_PRIVATE_KEY_FILE
        elif name in env:
            values[name] = getattr(settings, ENVIRONMENT[name])
        elif secrets:
            values[name] = vault.decrypt(getattr(row, name), name=SECRET_NAMES[name])
    values["login_url"] = (values["login_url"] or PRODUCTION).rstrip("/")
    values["api_version"] = values["api_version"] or DEFAULT_API_VERSION
    return Connection(**values, ca_bundle=settings.SALESFORCE_CA_BUNDLE, environment=env)


def _flow(row: OrgConnection, env: frozenset[str]) -> str:
    """A key file in the environment: JWT; a password there (and no key file): the password
    flow; otherwise the page's choice."""
    if "private_key" in env:
        return Flow.JWT
    if "password" in env:
        return Flow.PASSWORD
    return row.flow


def secrets_set(row: OrgConnection) -> dict[str, str]:
    """Each secret as the page may show it: "set in the environment", "set" or "not set"."""
    env = environment_fields()
    return {
        name: "set in the environment"
        if name in env
        else ("set" if getattr(row, name) else "not set")
        for name in SECRETS
    }


def connection_save(
    *, values: dict, secrets: dict[str, str], cleared: frozenset[str] = frozenset()
) -> OrgConnection:
    """Save the page's form: the plain values (those the environment sets are left alone), each
    secret given (encrypted with the first key) and each one ``cleared``; a blank secret keeps
    the stored one. Audited by django-auditlog, the secrets' values excluded."""
    row = stored()
    env = environment_fields()
    for name in PLAIN:
        if name in values and name not in env:
            setattr(row, name, values[name])
    changed = False
    for name in SECRETS:
        if name in env:
            continue
        if name in cleared and getattr(row, name):
            setattr(row, name, "")
            changed = True
        elif secrets.get(name):
            setattr(row, name, vault.encrypt(secrets[name]))
            changed = True
    if changed:
        row.secrets_changed_at = timezone.now()
    row.save()
    return row


def rotate_secrets() -> int:
    """Re-encrypt every stored secret with the first key; returns how many were."""
    row = OrgConnection.objects.filter(pk=1).first()
    if row is None:
        return 0
    names = [name for name in SECRETS if getattr(row, name)]
    for name in names:
        setattr(row, name, vault.rotate(getattr(row, name), name=SECRET_NAMES[name]))
    if names:
        row.save(update_fields=names)
    return len(names)
