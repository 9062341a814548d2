from django.apps import AppConfig


class OrgansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.organs"
    verbose_name = "机关与用户"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (log-in events into the EventLog)
