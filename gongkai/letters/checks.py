"""Deployment check (`manage.py check --deploy`): say when PDFs are set in the declared fallback font (no 仿宋
on the server)."""

from django.core.checks import Info, register


@register("gongkai", deploy=True)
def document_fonts(app_configs, **kwargs):
    from gongkai.core.documents import FALLBACK_FAMILY, fonts, pdf_fallback_in_use

    if not pdf_fallback_in_use():
        return []
    return [Info(
        f"本服务器未安装仿宋字体（{'、'.join(fonts().pdf_body[:-1])}），PDF文书正文使用声明的替代字体"
        f"{FALLBACK_FAMILY}（fonts-noto-cjk）；DOCX文书仍指定仿宋_GB2312（替代：仿宋），在机关电脑上以仿宋显示。",
        hint="如需PDF使用仿宋，请安装有授权的仿宋_GB2312字体，或在 GONGKAI_DOCUMENT_FONTS 中指定已安装的字体。",
        id="gongkai.I017",
    )]
