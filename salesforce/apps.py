from django.apps import AppConfig


class SalesforceConfig(AppConfig):
    name = "salesforce"
    verbose_name = "Salesforce sync"
    default_auto_field = "django.db.models.BigAutoField"
