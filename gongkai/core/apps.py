from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.core"
    verbose_name = "公共"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            signals,  # noqa: F401  (reports Celery task failures, records scheduled job runs)
        )
