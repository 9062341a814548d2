from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.workdays"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from gongkai.core.describe import register_choices

        from .models import CalendarDay

        register_choices("kind", CalendarDay.Kind)
