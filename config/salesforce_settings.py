"""The Salesforce sync's settings (README "Connect Salesforce"), star-imported by settings."""

from __future__ import annotations

import os

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_list

# Salesforce sync (README "Connect Salesforce"): set on the /salesforce/ page; a SALESFORCE_*
# variable set here wins over the page's value (salesforce.connection.current).
SALESFORCE_SYNC_MINUTES = int(os.environ.get("SALESFORCE_SYNC_MINUTES", "60"))
SALESFORCE_LOGIN_URL = os.environ.get("SALESFORCE_LOGIN_URL", "")  # page default: production
SALESFORCE_CLIENT_ID = os.environ.get("SALESFORCE_CLIENT_ID", "")
SALESFORCE_CLIENT_SECRET = os.environ.get("SALESFORCE_CLIENT_SECRET", "")
SALESFORCE_USERNAME = os.environ.get("SALESFORCE_USERNAME", "")
SALESFORCE_PRIVATE_KEY_FILE = os.environ.get("SALESFORCE_PRIVATE_KEY_FILE", "")
SALESFORCE_PASSWORD = os.environ.get("SALESFORCE_PASSWORD", "")
SALESFORCE_SECURITY_TOKEN = os.environ.get("SALESFORCE_SECURITY_TOKEN", "")
SALESFORCE_API_VERSION = os.environ.get("SALESFORCE_API_VERSION", "")  # page default: 62.0
# A CA bundle for the org's TLS certificate (a proxy's, say); empty: the system's.
SALESFORCE_CA_BUNDLE = os.environ.get("SALESFORCE_CA_BUNDLE", "")
SALESFORCE_SAO_FIELD = os.environ.get("SALESFORCE_SAO_FIELD", "")
SALESFORCE_SDR_FIELD = os.environ.get("SALESFORCE_SDR_FIELD", "")
_multi = os.environ.get("SALESFORCE_MULTI_CURRENCY", "").strip()  # unset: None, the page's
SALESFORCE_MULTI_CURRENCY = env_bool("SALESFORCE_MULTI_CURRENCY", False) if _multi else None
# Fernet keys for the page's secrets: the first encrypts, all decrypt (rotate_salesforce_secrets
# re-encrypts with the first). Unset: one derived from SECRET_KEY (HKDF; salesforce/vault.py).
SALESFORCE_SECRET_KEYS = env_list("SALESFORCE_SECRET_KEYS", "")
for _number, _key in enumerate(SALESFORCE_SECRET_KEYS, start=1):
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            f"SALESFORCE_SECRET_KEYS: key {_number} is not a Fernet key (32 url-safe base64 "
            "bytes): make one with Fernet.generate_key() (README, Connect Salesforce)"
        ) from None
# The activity objects a sync reads as meetings: "Event,Task" (default), "Event", "Task" or "".
SALESFORCE_MEETING_OBJECTS = env_list("SALESFORCE_MEETING_OBJECTS", "Event,Task")
# Seconds between polls of a Bulk API 2.0 query job.
SALESFORCE_BULK_POLL_SECONDS = float(os.environ.get("SALESFORCE_BULK_POLL_SECONDS", "5"))
