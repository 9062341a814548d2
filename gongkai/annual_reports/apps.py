from django.apps import AppConfig


class AnnualReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.annual_reports"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from . import chasers  # noqa: F401  (registers the 督办 of report deadlines)
