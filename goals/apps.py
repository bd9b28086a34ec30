from django.apps import AppConfig


class GoalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "goals"
    verbose_name = "Goals"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from config.postgres import use_compiled_timestamps

        from .api import tokens  # noqa: F401 - connects the password-change receiver

        connection_created.connect(use_compiled_timestamps, dispatch_uid="compiled-timestamps")
