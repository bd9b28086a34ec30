"""The sales team: people, their roles, segments and levels; the manager link makes a tree."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    AE = "ae", "Account Executive"
    SDR = "sdr", "SDR"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Admin"


class SdrSegment(models.TextChoices):
    OUTBOUND = "outbound", "Outbound"
    INBOUND = "inbound", "Inbound"
    VC_BOD = "vc_bod", "VC/BOD Program Lead"


class Level(models.TextChoices):
    L1 = "L1", "L1"
    L2 = "L2", "L2"
    L3 = "L3", "L3"
    L4 = "L4", "L4"
    L5 = "L5", "L5"
    L6 = "L6", "L6"


class Person(models.Model):
    """Someone on the sales team; the manager link makes the org a tree."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(unique=True)
    role = models.CharField(max_length=10, choices=Role.choices)
    sdr_segment = models.CharField(max_length=10, choices=SdrSegment.choices, blank=True)
    level = models.CharField(max_length=2, choices=Level.choices, blank=True)
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    start_date = models.DateField(null=True, blank=True)
    # The fiscal year (e.g. 2024 for FY24) in which the person is ramping, if any.
    ramp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # Salesforce User Id, to resolve OwnerId in data-loader exports.
    salesforce_id = models.CharField(max_length=18, blank=True, db_index=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        # The table keeps the name it had in ``goals`` (moved without touching the data).
        db_table = "goals_person"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="sdr") | models.Q(sdr_segment=""),
                name="sdr_segment_only_for_sdrs",
            ),
        ]

    def __str__(self) -> str:
        return self.name


def token_digest(key: str) -> str:
    """What is stored of an API key: its SHA-256, so a copy of the database signs nobody in."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenManager(models.Manager):
    def issue(self, user) -> tuple[ApiToken, str]:
        """A new token for ``user`` (replacing theirs) and its key, the one time it is known."""
        key = secrets.token_hex(20)
        self.filter(user=user).delete()
        return self.create(user=user, digest=token_digest(key)), key

    def matching(self, key: str) -> ApiToken | None:
        """The token whose key is ``key``, compared in constant time, or None."""
        digest = token_digest(key)
        token = self.select_related("user").filter(digest=digest).first()
        return token if token is not None and hmac.compare_digest(token.digest, digest) else None


class ApiToken(models.Model):
    """A user's API token (issue 19): only the key's SHA-256 is kept, never the key."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = ApiTokenManager()

    def __str__(self) -> str:
        return f"API token of {self.user}"


class SignInLockout(models.Model):
    """Issue 19: how many lockouts in a row a username had, and until when the last one holds;
    each lockout in a row doubles the cool-off (capped), a successful log-in forgets it."""

    username = models.CharField(max_length=255, unique=True)
    count = models.PositiveIntegerField(default=1)
    locked_until = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.username}: {self.count} lockout(s), until {self.locked_until:%Y-%m-%d %H:%M}"
