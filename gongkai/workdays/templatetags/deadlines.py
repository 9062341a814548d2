"""`{% load deadlines %}`: a deadline shown the same way on every page.

`{{ app.due|deadline }}` prints the date and, when it is provisional (a year without a holiday
notice), the mark （暂定） with the reason as its tooltip and for screen readers; `|deadline:"iso"`
prints 2027-01-05 instead of 2027年1月5日. A value without a date prints "—". Never a provisional
date without its mark.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def deadline(value, style: str = ""):
    if value is None or getattr(value, "due", None) is None:
        return "—"
    day = value.due
    text = day.isoformat() if style == "iso" else f"{day.year}年{day.month}月{day.day}日"
    if not value.provisional:
        return text
    note = value.warning or "该日期涉及尚未公布放假安排的年度，为暂定日期。"
    return format_html('{}<abbr class="provisional" title="{}" aria-label="暂定：{}">（暂定）</abbr>', text, note, note)
