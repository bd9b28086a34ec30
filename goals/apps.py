from django.apps import AppConfig


class GoalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "goals"
    verbose_name = "Goals"

    def ready(self) -> None:
        from .api import tokens  # noqa: F401 - connects the password-change receiver
