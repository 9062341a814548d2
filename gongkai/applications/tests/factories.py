"""Helpers for application tests: valid applicant data and a case built through the real services."""

import datetime as dt

from gongkai.applications import services
from gongkai.applications.models import Channel

# A valid 居民身份证号码 (check character computed) and a valid USCC-shaped code.
ID_CARD = "230502199001011232"


def applicant_data(organ, /, **overrides) -> dict:
    data = {
        "organ": organ.code, "applicant_kind": "natural_person", "applicant_name": "张三", "id_type": "id_card",
        "id_number": ID_CARD, "contact_person": "", "phone": "13800000000", "email": "zhangsan@example.com",
        "address": "双鸭山市岭东区中山路1号", "postcode": "155120",
        "description": "2025年岭东区老旧小区改造项目的资金安排文件", "doc_no": "", "info_form": "electronic",
        "delivery": "email",
    }
    data.update(overrides)
    return data


def registered_case(actor, organ, *, received_on: dt.date, channel=Channel.REGISTERED_MAIL, **overrides):
    app, code = services.application_register(actor=actor, data=applicant_data(organ, **overrides), channel=channel,
                                              received_on=received_on)
    return app, code


def sign_and_send(letter, *, reviewer, clerk, on: dt.date, method="in_person", registered_no=""):
    """The reviewer signs a letter and the clerk records it sent on `on` (not yet served)."""
    from gongkai.letters import services as letters

    letter = letters.letter_approve(actor=reviewer, letter=letter, today=on)
    return letters.letter_send(actor=clerk, letter=letter, method=method, sent_on=on, registered_no=registered_no,
                               today=on)


def correction_sent(world, app, *, on: dt.date, items=("请写明文号",), deadline_days: int = 15):
    """第三十条 as it happens: the clerk drafts the 补正告知书, the reviewer signs it and it is sent on `on`
    (the day the clock stops). Returns the letter."""
    letter = services.correction_request(actor=world.district_clerk, application=app, items=list(items),
                                         deadline_days=deadline_days, today=on)
    return sign_and_send(letter, reviewer=world.district_reviewer, clerk=world.district_clerk, on=on)
