from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.supervision"
    verbose_name = "考评"

    def ready(self):
        from . import chase, home  # noqa: F401  (register the 督办整改 chaser and the home-page panels)
