from django.apps import AppConfig


class AnnualReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.annual_reports"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from gongkai.core.published import register_published_period_check

        from . import (
            chasers,  # noqa: F401  (registers the 督办 of report deadlines)
            home,  # noqa: F401  (registers the home page's report panel and the reviewer's queue)
        )
        from .selectors import published_period_warning

        register_published_period_check(published_period_warning)

        from gongkai.core.describe import register_value_labels

        register_value_labels("changed", {"entered": "录入数据", "sections": "正文"})
