from django.apps import AppConfig


class LettersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.letters"
    verbose_name = "答复书与告知书"
