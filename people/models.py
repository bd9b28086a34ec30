"""The sales team: people, their roles, segments and levels; the manager link makes a tree."""

from __future__ import annotations

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
