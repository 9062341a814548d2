from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.catalogue"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.core.describe import register_model_fields, register_value_labels

        from .models import Column, Item
        from .vocab import COLUMN_SPECS

        register_model_fields(Item, Column)
        register_value_labels("column", {spec.slug: spec.name for spec in COLUMN_SPECS})
        register_value_labels("kind", {"column.empty": "空白栏目", "column.stale": "栏目超期未更新"})

        from . import (
            chase,  # noqa: F401  (registers the stale-column chaser)
            home,  # noqa: F401  (registers the home page's panels and the reviewer's queue)
        )
