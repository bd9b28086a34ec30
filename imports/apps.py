from django.apps import AppConfig


class ImportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from .service import data_imported
        from .tasks import recompute_after_import

        data_imported.connect(recompute_after_import, dispatch_uid="imports-recompute-today")

        from goals.audit import audit_model
        from goals.models import AuditAction

        from .models import CurrencyRate

        # Issue 14: currency rates are part of the import's audited set-up.
        audit_model(CurrencyRate, AuditAction.IMPORT_MAPPING)
