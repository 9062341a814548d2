from django.apps import AppConfig


class LettersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.letters"
    verbose_name = "答复书与告知书"

    def ready(self) -> None:
        from gongkai.core.describe import register_choices, register_model_fields

        from .models import LetterKind, LetterSettings, ServiceMethod

        register_choices("method", ServiceMethod)
        register_choices("kind", LetterKind)
        register_model_fields(LetterSettings)

        from gongkai.applications.correspondence import register_letters

        from . import (
            checks,  # noqa: F401  (declares the PDF font fallback)
            home,  # noqa: F401  (registers the home page's letters panel and the reviewer's queue)
        )
        from .recompute import refresh_draft_letters
        from .services import letter_draft, settings_of

        # Applications sits below letters and never imports it: it drafts the case's letters, reads the
        # organ's letter settings and refreshes draft letters' dates through these (applications.correspondence).
        register_letters(draft=letter_draft, settings_of=settings_of, refresh_drafts=refresh_draft_letters)
