from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from gongkai.catalogue.indexing import register_indexer

        from .services import index_item, unindex_item

        # The catalogue's publish, update, withdraw and import services fire the hook; search keeps the index.
        register_indexer("search", index=index_item, unindex=unindex_item)
