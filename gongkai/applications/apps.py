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

        from gongkai.core.describe import register_choices, register_value_labels

        from .models import Application, Channel
        from .outcomes import BASES, Outcome

        register_choices("outcome", Outcome)
        register_choices("channel", Channel)
        register_value_labels("basis", {b.code: b.label for b in BASES})
        register_value_labels("method", {"per_item": "按件计收", "per_page": "按量计收"})
        register_value_labels("fields", {f.name: f.verbose_name for f in Application._meta.fields}
                              | {"attachment": "附件", "claimant": "复议申请人或原告"})
