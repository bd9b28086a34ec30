from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "framework"
    verbose_name = "Career framework"

    def ready(self) -> None:
        from goals import audit
        from goals.models import AuditAction

        from .models import AnnualQuota

        # issue 18: quotas set on Pacer's pages are in the audit trail with before and after.
        audit.register(AnnualQuota, AuditAction.ANNUAL_QUOTA)
