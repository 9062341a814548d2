"""{% load privacy %}: `{{ app|masked_name }}`, `{{ value|masked_id }}`, `{{ value|masked_phone }}`, …"""

from django import template

from gongkai.core import privacy

register = template.Library()


@register.filter
def masked_name(application) -> str:
    return privacy.mask_name(getattr(application, "applicant_name", ""), getattr(application, "applicant_kind", ""))


register.filter("masked_id", privacy.mask_id_number)
register.filter("masked_phone", privacy.mask_phone)
register.filter("masked_email", privacy.mask_email)
register.filter("masked_address", privacy.mask_address)
