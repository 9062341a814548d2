from django.apps import AppConfig


class InteractionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.interaction"
    verbose_name = "互动交流"

    def ready(self) -> None:
        from . import chase, home  # noqa: F401  (register the 督办 of reply deadlines and the home panel)
