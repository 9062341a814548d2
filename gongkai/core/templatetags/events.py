"""`{% load events %}{{ event|describe }}`: an EventLog row as one Chinese sentence (gongkai.core.describe)."""

from django import template

from gongkai.core.describe import describe as describe_event

register = template.Library()


@register.filter
def describe(event) -> str:
    return describe_event(event)
