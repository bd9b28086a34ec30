"""The stand-in's read-only resources the Salesforce page calls: who is connected, the org's
limits and Opportunity's field list.

Reference pages each body follows:
- Identity: help.salesforce.com "Identity URLs" (a GET of the token response's ``id`` with the
  access token: ``id``, ``asserted_user``, ``user_id``, ``organization_id``, ``username``,
  ``nick_name``, ``display_name``, ``email``, ``active``, ``user_type``).
- Limits: REST API Developer Guide, "Limits" (``GET /services/data/vXX.X/limits/``: each limit
  as ``{"Max": N, "Remaining": N}``, ``DailyApiRequests`` among them).
- Describe: REST API Developer Guide, "sObject Describe"
  (``GET /services/data/vXX.X/sobjects/Opportunity/describe/``: ``name``, ``label``,
  ``custom``, ``fields`` each with ``name``, ``label``, ``type`` (the "Field Types" of the
  SOAP API Developer Guide: ``id``, ``string``, ``reference``, ``picklist``, ``boolean``,
  ``currency``, ``date``, ``datetime``, ``email`` …), ``custom``, ``referenceTo``,
  ``relationshipName``, ``nillable``, ``length``).
"""

from __future__ import annotations


def _field(name: str, label: str, kind: str, *, custom: bool = False, to: str = "") -> dict:
    return {
        "name": name,
        "label": label,
        "type": kind,
        "custom": custom,
        "referenceTo": [to] if to else [],
        "relationshipName": (name[:-2] if name.endswith("Id") else name[:-1] + "r") if to else None,
        "nillable": name not in ("Id", "Name", "StageName", "CloseDate"),
        "length": 255 if kind in ("string", "email", "picklist") else 0,
    }


# Opportunity's standard fields Pacer reads, and the custom ones of the tests' org.
OPPORTUNITY_FIELDS = [
    _field("Id", "Opportunity ID", "id"),
    _field("Name", "Name", "string"),
    _field("OwnerId", "Owner ID", "reference", to="User"),
    _field("AccountId", "Account ID", "reference", to="Account"),
    _field("Type", "Opportunity Type", "picklist"),
    _field("StageName", "Stage", "picklist"),
    _field("IsWon", "Won", "boolean"),
    _field("IsClosed", "Closed", "boolean"),
    _field("Amount", "Amount", "currency"),
    _field("CurrencyIsoCode", "Opportunity Currency", "picklist"),
    _field("CloseDate", "Close Date", "date"),
    _field("CreatedDate", "Created Date", "datetime"),
    _field("SystemModstamp", "System Modstamp", "datetime"),
    _field("SAO_Date__c", "SAO Date", "date", custom=True),
    _field("SAO_Accepted__c", "SAO Accepted On", "date", custom=True),
    _field("Accepted_At__c", "Accepted At", "datetime", custom=True),
    _field("Sourced_By__c", "Sourced By (e-mail)", "email", custom=True),
    _field("Sourcing_SDR__c", "Sourcing SDR", "reference", custom=True, to="User"),
    _field("Discount__c", "Discount", "percent", custom=True),
]


def identity(org, base: str) -> dict:
    """The Identity URL's body for the integration user."""
    return {
        "id": f"{base}/id/00D000000000001/005000000000001",
        "asserted_user": True,
        "user_id": "005000000000001",
        "organization_id": "00D000000000001",
        "username": org.username,
        "nick_name": "integration",
        "display_name": "Pacer Integration",
        "email": org.username,
        "active": True,
        "user_type": "STANDARD",
    }


def limits(org, api_limit: int) -> dict:
    """The Limits resource: the daily API requests used so far, and two others."""
    return {
        "DailyApiRequests": {"Max": api_limit, "Remaining": api_limit - org.api_usage},
        "DailyBulkV2QueryJobs": {"Max": 10000, "Remaining": 10000 - len(org.queries)},
        "DataStorageMB": {"Max": 5, "Remaining": 5},
    }


def describe_opportunity(org) -> dict:
    """The sObject Describe of Opportunity (the fields only, as Pacer reads them)."""
    return {
        "name": "Opportunity",
        "label": "Opportunity",
        "custom": False,
        "queryable": True,
        "fields": list(org.describe_fields),
    }
