from django.apps import AppConfig


class RemediesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.remedies"
    verbose_name = "行政复议和行政诉讼"

    def ready(self) -> None:
        from gongkai.applications.services import register_reply_sent_hook
        from gongkai.workdays.recompute import register_recomputer

        from . import (
            chase,  # noqa: F401  (registers the 督办 chaser)
            recompute,
            services,
        )

        register_recomputer("remedies", candidates=recompute.candidates, recompute=recompute.recompute)

        from gongkai.core.describe import register_choices

        from .models import Lawsuit, Result

        register_choices("result", Result)
        register_choices("kind", Lawsuit.Kind)
        register_reply_sent_hook(services.on_reply_sent)
