"""`manage.py check --deploy`: the portal footer's identifiers are real before the site goes public.

国办发〔2017〕47号 requires every government website to show its 政府网站标识码 in the footer, beside its
ICP 备案号 and 公安机关备案号. Gongkai ships placeholders (settings.GONGKAI_SITE_DEFAULTS) so the demo runs;
a deployment that still shows them is refused. Without `--database` the defaults are checked (set
GONGKAI_SITE_CODE, GONGKAI_ICP and GONGKAI_POLICE_RECORD); with `--database default` every portal's own
values (系统管理 → 门户网站) are checked as the footer shows them.
"""

import re

from django.conf import settings
from django.core.checks import Error, register

SITE_CODE = re.compile(r"\d{10}")  # 政府网站标识码: ten digits


def problems(site_code: str, icp: str, police_record: str) -> list[str]:
    """What is still a placeholder (or malformed) among the footer's identifiers, in Chinese."""
    out = []
    if not SITE_CODE.fullmatch(site_code or "") or set(site_code) == {"0"}:
        out.append(f"网站标识码“{site_code}”不是有效的10位标识码")
    for label, value in (("ICP备案号", icp), ("公安机关备案号", police_record)):
        if not (value or "").strip() or "待填写" in value or not re.search(r"\d", value):
            out.append(f"{label}“{value}”仍是占位内容")
    return out


@register("gongkai", deploy=True)
def footer_identifiers(app_configs, databases=None, **kwargs):
    defaults = settings.GONGKAI_SITE_DEFAULTS
    found = []
    if databases:
        from .models import Portal

        for portal in Portal.objects.using(databases[0]).select_related("organ"):
            values = (portal.site_code or defaults["site_code"], portal.icp or defaults["icp"],
                      portal.police_record or defaults["police_record"])
            found += [f"{portal}：{p}" for p in problems(*values)]
    else:
        found = problems(defaults["site_code"], defaults["icp"], defaults["police_record"])
    if not found:
        return []
    return [Error(
        "门户网站页脚的标识仍是占位内容：" + "；".join(found) + "。",
        hint="设置环境变量 GONGKAI_SITE_CODE、GONGKAI_ICP、GONGKAI_POLICE_RECORD，或在门户网站设置中为每个站点填写，"
             "再以 manage.py check --deploy --database default 检查。",
        id="gongkai.E010",
    )]
