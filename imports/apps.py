from django.apps import AppConfig


class ImportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from .service import data_imported
        from .tasks import recompute_after_import

        data_imported.connect(recompute_after_import, dispatch_uid="imports-recompute-today")
