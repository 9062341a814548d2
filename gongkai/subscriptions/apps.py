from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.subscriptions"
    verbose_name = "精准推送"
