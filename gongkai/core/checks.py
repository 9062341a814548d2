"""System checks: `manage.py check --deploy` refuses the development secret key."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def development_secret_key(app_configs, **kwargs):
    if settings.SECRET_KEY == getattr(settings, "DEVELOPMENT_SECRET_KEY", None):
        return [
            Error(
                "SECRET_KEY is the development key.",
                hint="Set SECRET_KEY in the environment (a long random string) before deploying.",
                id="gongkai.E001",
            )
        ]
    return []
