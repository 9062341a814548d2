"""`{% load deliveries %}{% online_deliveries application as deliveries %}`: the letters served online to the
applicant of a case, with their files (the tracking page's downloads)."""

from django import template

register = template.Library()


@register.simple_tag
def online_deliveries(application):
    from gongkai.letters.services import online_letters

    return list(online_letters(application)) if application is not None else []
