from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.portal"
    verbose_name = "门户网站"

    def ready(self):
        from . import checks  # noqa: F401  (registers the footer identifiers' deploy check)
