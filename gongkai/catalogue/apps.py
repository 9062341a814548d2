from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.catalogue"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from . import (
            chase,  # noqa: F401  (registers the stale-column chaser)
            home,  # noqa: F401  (registers the home page's panels and the reviewer's queue)
        )
