"""factory_boy factories for Pacer's models."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from goals.models import Meeting, Opportunity
from people.models import ApiToken, Person

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test-only


def api_key(user) -> str:
    """A new API key for ``user`` (the database keeps only its digest)."""
    return ApiToken.objects.issue(user)[1]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    role = "ae"
    start_date = date(2021, 1, 1)


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    external_id = factory.Sequence(lambda n: f"006000000{n:06d}AAA")
    name = factory.Sequence(lambda n: f"Deal {n}")
    owner = factory.SubFactory(PersonFactory)
    account = factory.Sequence(lambda n: f"Account {n}")
    type = "new_business"
    stage = "3"
    amount = Decimal("10000.00")
    close_date = date(2023, 10, 15)
    created_date = date(2023, 6, 1)
    sao_date = None


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    external_id = factory.Sequence(lambda n: f"00U000000{n:06d}AAA")
    sdr = factory.SubFactory(PersonFactory, role="sdr", sdr_segment="outbound")
    date = date(2023, 8, 10)
    type = "New Business Meeting"
    status = "Held"
    took_place = True


def login_person(client, person: Person):
    """Give ``person`` a login and sign ``client`` in as them."""
    user = UserFactory(username=person.email)
    person.user = user
    person.save(update_fields=["user"])
    client.force_login(user)
    return user


# --- Company OKRs (issue 10) ------------------------------------------------------------------


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "okrs.Department"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Department {n}")


class DepartmentQuarterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "okrs.DepartmentQuarter"

    department = factory.SubFactory(DepartmentFactory)
    fiscal_year = 2022
    quarter = 3


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "okrs.Objective"

    plan = factory.SubFactory(DepartmentQuarterFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")


class KeyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "okrs.KeyResult"

    fiscal_year = 2022
    quarter = 3
    code = factory.Sequence(lambda n: f"kr-{n}")
    title = factory.Sequence(lambda n: f"Key result {n}")
    kind = "numeric"
    start = Decimal(0)
    target = Decimal(10)


def add_key_result(objective, key_result, position: int = 0, wording: str = ""):
    from okrs.models import ObjectiveKeyResult

    return ObjectiveKeyResult.objects.create(
        objective=objective, key_result=key_result, position=position, wording=wording
    )
