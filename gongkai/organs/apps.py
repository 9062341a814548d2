from django.apps import AppConfig


class OrgansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.organs"
    verbose_name = "机关与用户"

    def ready(self) -> None:
        from gongkai.core.describe import register_choices, register_model_fields

        from . import signals  # noqa: F401  (log-in events into the EventLog)
        from .models import DisclosureOffice, Organ, Role, User

        register_choices("role", Role)  # the timelines print labels, never codes (gongkai.core.describe)
        register_model_fields(Organ, DisclosureOffice, User)
