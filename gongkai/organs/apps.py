from django.apps import AppConfig


class OrgansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.organs"
    verbose_name = "机关与用户"

    def ready(self) -> None:
        from gongkai.core.describe import register_choices, register_model_fields
        from gongkai.core.permissions import register_sysadmin_check

        from . import signals  # noqa: F401  (log-in events into the EventLog)
        from .models import DisclosureOffice, Organ, Role, User
        from .selectors import is_sysadmin

        register_sysadmin_check(is_sysadmin)  # core's admin site and /staff/ops/ ask it (core imports no app)

        register_choices("role", Role)  # the timelines print labels, never codes (gongkai.core.describe)
        register_model_fields(Organ, DisclosureOffice, User)
