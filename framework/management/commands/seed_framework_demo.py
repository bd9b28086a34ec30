"""manage.py seed_framework_demo: give the demo AEs an FY24 annual quota (idempotent).

Run after ``seed_demo``; ratings themselves are left for the demo manager to write.
"""

from decimal import Decimal

from django.core.management.base import BaseCommand

from framework.models import AnnualQuota
from people.models import Person, Role

DEMO_FISCAL_YEAR = 2024
DEMO_ANNUAL_QUOTA = Decimal("1000000")


class Command(BaseCommand):
    help = "Set an FY24 annual quota for every active AE (the career framework demo)."

    def handle(self, *args, **options):
        count = 0
        for person in Person.objects.filter(role=Role.AE, is_active=True):
            AnnualQuota.objects.update_or_create(
                person=person,
                fiscal_year=DEMO_FISCAL_YEAR,
                defaults={"amount": DEMO_ANNUAL_QUOTA},
            )
            count += 1
        self.stdout.write(self.style.SUCCESS(f"FY24 annual quota set for {count} AEs."))
