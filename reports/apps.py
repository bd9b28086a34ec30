from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        """Connect the sign-in signal receiver (reports.sign_in)."""
        from . import sign_in  # noqa: F401
