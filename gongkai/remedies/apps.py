from django.apps import AppConfig


class RemediesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.remedies"
    verbose_name = "行政复议和行政诉讼"

    def ready(self) -> None:
        from . import chase  # noqa: F401  (registers the 督办 chaser)
