from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.workdays.recompute import register_recomputer

        from . import (
            chase,  # noqa: F401  (registers the 督办 chaser)
            home,  # noqa: F401  (registers the home page's panels and the reviewer's queue)
            recompute,
        )

        register_recomputer("applications", candidates=recompute.candidates, recompute=recompute.recompute)
