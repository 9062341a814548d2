"""`{% load catalogue_text %}`: an item's plain-text body as paragraphs, with the portal's own addresses as links.

`{{ item.body|linked_body }}` escapes the text, keeps its line breaks (like `linebreaks`) and turns a path of
this site written in the text — the 年度报告 entry's "/ndbg/<机关代码>/<年度>/", an item's "/xxgk/<索引号>/" —
and any http(s) address into a link, so a reader can follow it instead of copying it.
"""

import re

from django import template
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

register = template.Library()

_LINK = re.compile(r"(?<![\w/.:=\"'])(/(?:ndbg|xxgk|ysqgk|search|hudong)/[\w\-./%]*[\w/]|https?://[^\s<>\"'，。；）]+)")


@register.filter(is_safe=True)
def linked_body(text: str) -> str:
    html = linebreaks(text or "", autoescape=True)
    return mark_safe(_LINK.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', html))  # noqa: S308 - escaped above
