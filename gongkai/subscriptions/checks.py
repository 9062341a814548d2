"""`manage.py check --deploy`: subscription mail needs the portal's real address (SITE_URL)."""

from django.conf import settings
from django.core.checks import Error, register


@register("gongkai", deploy=True)
def site_url_set(app_configs, **kwargs):
    url = getattr(settings, "GONGKAI_SITE_URL", "")
    if url.startswith("https://") or (url.startswith("http://") and not settings.SECURE_SSL_REDIRECT):
        return []
    return [Error(
        f"SITE_URL 未设置或不是门户网站的地址（“{url}”）：订阅邮件中的确认、信息和退订链接会指向错误的地址。",
        hint="在环境中设置 SITE_URL=https://门户网站域名。", id="gongkai.E011")]
