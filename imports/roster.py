"""The roster import's Salesforce User-file support: the role from a Role, Title or user-role
column, and managers resolved from ManagerId."""

from __future__ import annotations

from people.models import Person

from . import fields, parsers
from .records import RowError
from .users import propose_role


def role_of_row(text: str, header: str, roles: dict[str, str]) -> str:
    """A ``Role`` cell must name a role; a Title or user-role cell proposes one."""
    if not text.strip():
        return ""
    if fields.normalise(header) == "role":
        try:
            return roles[fields.normalise(text)]
        except KeyError as error:
            raise ValueError("unknown role (AE, SDR, Manager or Admin)") from error
    role = propose_role(text)
    if not role:
        raise ValueError(
            f"the {header} does not say the role: add a Role column (AE, SDR, Manager or Admin)"
        )
    return role


def resolve_manager_ids(
    rows: dict[str, tuple[int, dict, str]], manager_ids: dict[str, str], file: str, column: str
) -> list[dict]:
    """Set each row's manager e-mail from its ManagerId (a user in this file or in Pacer);
    a manager found in neither (an inactive user left out) is a warning, and no manager."""
    by_id = {
        parsers.parse_id(sf_id): email.lower()
        for email, sf_id in Person.objects.exclude(salesforce_id="").values_list(
            "email", "salesforce_id"
        )
    }
    by_id |= {
        values["salesforce_id"]: email
        for email, (_line, values, _m) in rows.items()
        if values.get("salesforce_id")
    }
    warnings = []
    for email, text in manager_ids.items():
        line, values, manager = rows[email]
        try:
            manager_id = parsers.parse_id(text)
        except ValueError:
            manager_id = text
        if manager or not manager_id:
            continue
        if manager_id in by_id:
            rows[email] = (line, values, by_id[manager_id])
        else:
            reason = "manager is not in the roster (inactive or not exported): no manager set"
            warnings.append(RowError(file, line, column, text, reason).as_dict())
    return warnings
