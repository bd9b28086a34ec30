"""The Salesforce page's form: the connection an admin sets (salesforce.connection). A field a
SALESFORCE_* setting sets is shown read-only; a secret is never shown back, only whether it is
set, and a blank secret keeps the stored one."""

from __future__ import annotations

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django import forms

from salesforce.client import API_NAME
from salesforce.connection import PRODUCTION, SANDBOX, SECRET_NAMES, SECRETS, Connection
from salesforce.models import Flow

LOGIN_CHOICES = [
    ("production", f"Production ({PRODUCTION})"),
    ("sandbox", f"Sandbox ({SANDBOX})"),
    ("custom", "My Domain (the URL below)"),
]
KIND_URLS = {"production": PRODUCTION, "sandbox": SANDBOX}


class SecretTextarea(forms.Textarea):
    """A text area that never shows a value back (a refused form does not echo the key)."""

    def format_value(self, value):
        return None


def _secret(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, strip=False, widget=forms.PasswordInput(render_value=False)
    )


class ConnectionForm(forms.Form):
    login = forms.ChoiceField(choices=LOGIN_CHOICES, widget=forms.RadioSelect, label="Log-in URL")
    custom_url = forms.URLField(
        required=False,
        assume_scheme="https",
        label="My Domain log-in URL",
        help_text="e.g. https://acme.my.salesforce.com",
    )
    flow = forms.ChoiceField(choices=Flow.choices, widget=forms.RadioSelect, label="Flow")
    client_id = forms.CharField(
        label="Consumer key", required=False, help_text="The Connected App's consumer key."
    )
    username = forms.CharField(label="Integration username", required=False)
    private_key = forms.CharField(
        label="Private key (PEM)",
        required=False,
        strip=False,
        widget=SecretTextarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text="JWT bearer: the key whose certificate the Connected App holds; blank keeps "
        "the stored one.",
    )
    client_secret = _secret("Consumer secret")
    password = _secret("Password")
    security_token = _secret("Security token")
    api_version = forms.RegexField(
        regex=r"^\d{2,3}\.0$", label="API version", error_messages={"invalid": "e.g. 62.0"}
    )
    multi_currency = forms.BooleanField(required=False, label="Multi-currency org")
    sao_field = forms.CharField(label="SAO date field (API name)", required=False)
    sdr_field = forms.CharField(label="Sourcing SDR field (API name)", required=False)

    def __init__(self, *args, conn: Connection, secrets_state: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.secrets_state = secrets_state
        for name in SECRETS:
            self.fields[f"clear_{name}"] = forms.BooleanField(
                required=False, label=f"Remove the stored {SECRET_NAMES[name]}"
            )
            state = secrets_state[name]
            self.fields[name].help_text = f"{state[:1].upper()}{state[1:]}. " + (
                self.fields[name].help_text or "Blank keeps the stored one."
            )
        for name in conn.environment:
            target = "login" if name == "login_url" else name
            self.fields[target].disabled = True
            self.fields[target].help_text = "Set in the environment (SALESFORCE_*): read-only."
        if "login_url" in conn.environment:
            self.fields["custom_url"].disabled = True
        if {"private_key", "password"} & conn.environment:
            self.fields["flow"].disabled = True
            self.fields[
                "flow"
            ].help_text = "Decided by the key file or password set in the environment."

    def offer_fields(self, sao: list[tuple[str, str]], sdr: list[tuple[str, str]]) -> None:
        """Pick the SAO and SDR fields from the org's own list (blank: none)."""
        for name, choices in (("sao_field", sao), ("sdr_field", sdr)):
            field = self.fields[name]
            if not field.disabled:
                field.widget = forms.Select(choices=[("", "(none)"), *choices])

    def clean_private_key(self) -> str:
        text = self.cleaned_data.get("private_key", "")
        if text.strip():
            try:
                load_pem_private_key(text.strip().encode(), password=None)
            except (ValueError, TypeError) as error:
                raise forms.ValidationError(
                    "not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)"
                ) from error
            return text.strip() + "\n"
        return ""

    def _api_name(self, name: str) -> str:
        value = (self.cleaned_data.get(name) or "").strip()
        if value and not API_NAME.fullmatch(value):
            raise forms.ValidationError(f"{value!r} is not a field API name (e.g. SAO_Date__c)")
        return value

    def clean_sao_field(self) -> str:
        return self._api_name("sao_field")

    def clean_sdr_field(self) -> str:
        return self._api_name("sdr_field")

    def clean(self):
        data = super().clean()
        if data.get("login") == "custom" and not self.fields["login"].disabled:
            url = data.get("custom_url") or ""
            if not url.startswith("https://"):
                self.add_error("custom_url", "a My Domain URL starting with https://")
        return data

    def values(self) -> dict:
        """The plain values to save (salesforce.connection.connection_save)."""
        data = self.cleaned_data
        login = KIND_URLS.get(data["login"]) or data.get("custom_url", "").rstrip("/")
        names = ("flow", "client_id", "username", "api_version", "multi_currency")
        plain = {name: data[name] for name in names + ("sao_field", "sdr_field")}
        return plain | {"login_url": login}

    def secrets(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in SECRETS}

    def cleared(self) -> frozenset[str]:
        return frozenset(name for name in SECRETS if self.cleaned_data.get(f"clear_{name}"))


def initial(conn: Connection) -> dict:
    """The form's values: the connection in force (the environment's where it sets them)."""
    url = conn.login_url
    kind = next((k for k, u in KIND_URLS.items() if u == url), "custom")
    names = ("flow", "client_id", "username", "api_version", "multi_currency")
    values = {name: getattr(conn, name) for name in names + ("sao_field", "sdr_field")}
    return values | {"login": kind, "custom_url": url if kind == "custom" else ""}
