from datetime import date

from django.apps import AppConfig


def refresh_on_live_day(sender, day: date, **kwargs) -> None:
    """``goals.recompute.live_day_recomputed`` receiver: refresh the linked key results."""
    from .okrs import refresh_linked_key_results

    refresh_linked_key_results(day)


class OkrsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "okrs"
    verbose_name = "Company OKRs"

    def ready(self) -> None:
        # The recompute knows nothing of OKRs: it announces a recomputed live day and the
        # linked key results refresh themselves, in the recompute's transaction.
        from goals.recompute import live_day_recomputed

        live_day_recomputed.connect(refresh_on_live_day, dispatch_uid="okrs-refresh-linked")
