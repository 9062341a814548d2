from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.supervision"
    verbose_name = "考评"

    def ready(self):
        from . import chase  # noqa: F401  (registers the 督办整改 chaser)
