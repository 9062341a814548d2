from django.apps import AppConfig


class ZhuanquConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.zhuanqu"
    verbose_name = "政务公开专区"
