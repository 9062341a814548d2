from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.subscriptions"
    verbose_name = "精准推送"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the SITE_URL deploy check)
