"""Each Salesforce sync: its import run, the watermark it reached and what it cost."""

from __future__ import annotations

from django.db import models


class SyncStatus(models.TextChoices):
    RUNNING = "running", "Running"
    DONE = "done", "Synced"
    FAILED = "failed", "Failed (nothing changed)"


class Sync(models.Model):
    """One sync of the org's opportunities; the watermark of the last ``done`` one is where the
    next sync starts (a failed sync leaves it where it was)."""

    run = models.OneToOneField(
        "imports.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="sync"
    )
    status = models.CharField(max_length=8, choices=SyncStatus.choices)
    full = models.BooleanField(default=False, help_text="A first (full) read of the org.")
    # SystemModstamp of the newest record this sync read; None: nothing read yet.
    watermark = models.DateTimeField(null=True, blank=True)
    read = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)
    # The first sync: OpportunityHistory rows written as past states.
    past_states = models.PositiveIntegerField(default=0)
    # Event/Task records read, and the meetings they created or updated (issue 16).
    meetings_read = models.PositiveIntegerField(default=0)
    meetings_written = models.PositiveIntegerField(default=0)
    # Failed because Salesforce asked to wait (rate limit, 5xx): the task retries with backoff.
    retry_later = models.BooleanField(default=False)
    api_calls = models.PositiveIntegerField(default=0)
    # The org's "api-usage=used/limit" from the last Sforce-Limit-Info header.
    limit_info = models.CharField(max_length=100, blank=True)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Salesforce sync {self.pk} ({self.status})"


class OrgUser(models.Model):
    """A User record of the org as the last sync read it (Object Reference, "User"), and the
    person it is matched to (by ``Person.salesforce_id``, then e-mail); an active one matched
    to nobody is proposed to the admin (the Salesforce users page)."""

    salesforce_id = models.CharField(max_length=18, unique=True)
    first_name = models.CharField(max_length=40, blank=True)
    last_name = models.CharField(max_length=80, blank=True)
    name = models.CharField(max_length=121, blank=True)
    email = models.CharField(max_length=128, blank=True)
    is_active = models.BooleanField(default=True)
    manager_salesforce_id = models.CharField(max_length=18, blank=True)
    user_role_id = models.CharField(max_length=18, blank=True)
    role_name = models.CharField(max_length=80, blank=True)
    title = models.CharField(max_length=80, blank=True)
    system_modstamp = models.DateTimeField()
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="salesforce_users",
    )

    class Meta:
        ordering = ["name", "salesforce_id"]

    def __str__(self) -> str:
        return f"{self.name or self.email} ({self.salesforce_id})"


class Flow(models.TextChoices):
    JWT = "jwt", "JWT bearer (a Connected App's certificate; no password)"
    PASSWORD = "password", "Username-password (sandboxes and developer orgs only)"  # noqa: S105


class OrgConnection(models.Model):
    """The org connection set on the /salesforce/ page: one row (pk 1). The secrets are
    Fernet tokens (salesforce.vault), never the clear text; a SALESFORCE_* setting wins over
    each value (salesforce.connection.current)."""

    login_url = models.URLField(default="https://login.salesforce.com")
    flow = models.CharField(max_length=8, choices=Flow.choices, default=Flow.JWT)
    client_id = models.CharField("consumer key", max_length=255, blank=True)
    username = models.CharField("integration username", max_length=255, blank=True)
    api_version = models.CharField(max_length=8, default="62.0")
    multi_currency = models.BooleanField(default=False)
    sao_field = models.CharField("SAO date field", max_length=80, blank=True)
    sdr_field = models.CharField("sourcing SDR field", max_length=80, blank=True)
    # Encrypted (vault.encrypt); "" when not set.
    private_key = models.TextField(blank=True)
    client_secret = models.TextField(blank=True)
    password = models.TextField(blank=True)
    security_token = models.TextField(blank=True)
    # When a secret last changed: what the audit trail shows of them (never their values).
    secrets_changed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Salesforce connection"

    def __str__(self) -> str:
        return f"Salesforce connection ({self.username or 'no user'})"
