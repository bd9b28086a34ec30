"""What the admin answers on a preview (date format, stage mapping, currency rates, people),
saved and followed by a fresh preview of the same upload."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction

from goals.models import PersonAlias, StageAlias
from imports.models import CurrencyRate, ImportRun, ImportStatus
from people.models import Person, Role

from . import dates, parsers, records


def redate(run: ImportRun, date_format: str) -> ImportRun:
    """Read the upload's dates as ``date_format`` ("MDY", "DMY", or "" to go by the file's
    evidence) and queue a fresh preview; nothing is uploaded again."""
    if date_format not in ("", *dates.NAMES):
        raise ValueError(f"unknown date format {date_format!r}: MDY, DMY or blank")
    run.date_format = date_format
    run.status, run.commit = ImportStatus.UPLOADED, False
    run.save()
    return run


PEOPLE_KINDS = ("owner", "sourced_by", "sdr")
LABELS = {
    "stage": "Stages",
    "currency": "Currencies",
    "owner": "Owners",
    "sourced_by": "SDRs (Sourced By)",
    "sdr": "Meeting holders (SDRs)",
}


def unplaced_of(unplaced: dict[str, Counter], users: dict[str, tuple[str, str]]) -> dict:
    """What the preview asks about: each stage, currency, owner and SDR no row could be placed
    with, its row count and, for people, the name and e-mail the export gives them."""
    found = {}
    for what, counter in unplaced.items():
        items = []
        for text, rows in sorted(counter.items(), key=lambda item: (-item[1], item[0])):
            item = {"text": text, "rows": rows}
            if what in PEOPLE_KINDS:
                item |= _proposed_person(text, users)
            items.append(item)
        if items:
            found[what] = items
    return found


def _proposed_person(text: str, users: dict[str, tuple[str, str]]) -> dict:
    """The new roster entry a person's text proposes (a User file's name and e-mail)."""
    record_id = _user_id(text)
    name, email = users.get(record_id, ("", "")) if record_id else ("", "")
    if not record_id:
        name, email = ("", text) if "@" in text else (text, "")
    return {"name": name, "email": email, "user_id": record_id}


def _user_id(text: str) -> str:
    if not records.looks_like_id(text):
        return ""
    try:
        return parsers.parse_id(text)
    except ValueError:
        return ""


@dataclass(frozen=True)
class NewPerson:
    """An owner or SDR added to the roster from the preview."""

    name: str
    email: str
    role: str


def answer(
    run: ImportRun,
    *,
    stages: dict[str, str],
    rates: dict[str, str],
    people: dict[str, int | NewPerson],
) -> ImportRun:
    """Save the admin's set-up answers (stage mapping, rates "1 X = rate company currency",
    owners matched or added) in one transaction, then queue a fresh preview of the same upload.
    ValueError (nothing saved) for an answer the engine cannot take."""
    with transaction.atomic():
        for name, stage in stages.items():
            save_stage(name, stage)
        for code, rate in rates.items():
            save_rate(code, rate)
        for text, who in people.items():
            _place_person(text, who)
    run.status, run.commit = ImportStatus.UPLOADED, False
    run.save()
    return run


def save_stage(name: str, stage: str) -> StageAlias:
    """Map a Salesforce stage name to 1-6, won or lost (anything else is refused)."""
    if stage not in parsers.STAGES:
        raise ValueError(f"stage {name!r}: choose 1-6, won or lost, not {stage!r}")
    name = " ".join(name.split())
    if not name or len(name) > StageAlias._meta.get_field("name").max_length:
        raise ValueError(f"stage name {name!r}: blank or too long")
    existing = StageAlias.objects.filter(name__iexact=name).first()
    alias = existing or StageAlias(name=name)
    alias.stage = stage
    alias.save()
    return alias


def save_rate(code: str, text: str) -> CurrencyRate:
    """1 ``code`` = ``text`` units of the company currency."""
    code = code.strip().upper()
    try:
        rate = Decimal(text.strip().replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(
            f"1 {code} = {text!r} {settings.COMPANY_CURRENCY}: not a number"
        ) from error
    if not rate.is_finite() or rate <= 0 or len(code) != 3:
        raise ValueError(f"1 {code} = {text} {settings.COMPANY_CURRENCY}: must be above 0")
    currency, _created = CurrencyRate.objects.get_or_create(currency=code, defaults={"rate": rate})
    if currency.rate != rate:
        currency.rate = rate
        currency.save()
    return currency


def _place_person(text: str, who: int | NewPerson) -> None:
    record_id = _user_id(text)
    if isinstance(who, NewPerson):
        if who.role not in Role.values:
            raise ValueError(f"{text}: choose a role")
        email = who.email.strip().lower()
        if "@" not in email or Person.objects.filter(email__iexact=email).exists():
            raise ValueError(f"{text}: give an e-mail address nobody in the roster has")
        name = who.name.strip() or text
        person = Person.objects.create(
            name=name, email=email, role=who.role, salesforce_id=record_id
        )
        if not record_id and name.casefold() != text.casefold() and email != text.lower():
            PersonAlias.objects.create(name=text, person=person)
        return
    person = Person.objects.get(pk=who)
    if record_id:
        person.salesforce_id = record_id
        person.save(update_fields=["salesforce_id"])
    else:
        PersonAlias.objects.update_or_create(name=text, defaults={"person": person})
