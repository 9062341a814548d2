"""Demo 互动交流 for `manage.py load_demo`: a published 咨询 answer, open questions with their deadlines, a
找错 report. Idempotent: nothing is added when messages exist."""

from django.db import transaction

from gongkai.organs.models import Organ, User

from . import services
from .models import Kind, Message

QUESTIONS = (
    ("district", "老旧小区改造补贴怎么申请", "我家小区建成于1995年，想了解老旧小区改造的补贴标准和申请流程。",
     "老旧小区改造由区住房和城乡建设局牵头实施，补贴标准见《岭东区城镇老旧小区改造实施方案》，"
     "居民可通过所在社区向街道办事处提出申请。", True),
    ("jyj", "幼升小报名需要哪些材料", "孩子明年上小学，请问报名需要准备哪些证明材料？", "", False),
    ("fgj", "企业投资项目备案在哪里办理", "新设的制造企业准备扩建厂房，项目备案在哪里办理？需要多长时间？", "", False),
)


@transaction.atomic
def load_demo_messages(organs: dict) -> int:
    if Message.objects.exists():
        return 0
    all_organs = Organ.objects.filter(is_active=True)
    clerk = User.objects.filter(username="ld_clerk").first()
    made = 0
    for key, title, content, reply, publish in QUESTIONS:
        message, _code = services.message_submit(
            kind=Kind.CONSULTATION, organs=all_organs, default_organ=organs["district"],
            data={"organ": organs[key].code, "title": title, "content": content, "name": "演示网友",
                  "email": "demo@example.com", "consent_publish": "on" if publish else ""})
        if reply and clerk is not None:
            services.message_answer(actor=clerk, message=message, reply=reply, publish=publish)
        made += 1
    services.message_submit(kind=Kind.SITE_ERROR, organs=all_organs, default_organ=organs["district"], data={
        "error_type": "broken_link", "page_url": "/xxgk/lm/gzdt/", "title": "工作动态栏目第3页的链接打不开",
        "content": "点击工作动态栏目第3页的第二条信息，提示找不到页面。"})
    return made + 1
