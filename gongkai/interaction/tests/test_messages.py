"""互动交流: a question asked on the portal, routed, answered within its deadline, published with consent and
searchable; 找错 reports in the same queue; the 单项否决 of 考评 and the statistics of the 网站年度报表."""

import datetime as dt
import re

import pytest
from django.test import Client

from gongkai.core.events import events_for
from gongkai.core.exceptions import ApplicationError
from gongkai.core.models import EventType
from gongkai.core.testing import client_for
from gongkai.interaction import selectors, services
from gongkai.interaction.chase import chase_messages
from gongkai.interaction.models import Kind, Message, Status
from gongkai.portal.services import portal_set

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def site(world):
    return portal_set(actor=None, organ=world.district, is_default=True)


def question(world, organ=None, **overrides):
    data = {"organ": (organ or world.fgj).code, "title": "老旧小区改造补贴怎么申请", "name": "李明",
            "content": "我家小区建成于1995年，想了解老旧小区改造的补贴标准和申请流程。", "phone": "13800000000",
            "email": "liming@example.com", "consent_publish": "on", **overrides}
    return data


def ask(client, world, **overrides):
    client.get("/hudong/zixun/ask/")
    answer = client.session["message_captcha"]
    return client.post("/hudong/zixun/ask/", {**question(world, **overrides), "captcha": str(answer)})


def submit(world, *, organ=None, kind=Kind.CONSULTATION, **overrides):
    from gongkai.organs.models import Organ

    return services.message_submit(kind=kind, data=question(world, organ=organ, **overrides),
                                   organs=Organ.objects.all(), default_organ=world.district)


def test_asking_redirects_to_a_receipt_with_number_code_and_deadline(site, world, frozen_today):
    client = Client()
    response = ask(client, world)
    message = Message.objects.get()
    assert response.status_code == 303 and response["Location"] == f"/hudong/done/{message.number}/"
    body = client.get(response["Location"]).content.decode()
    code = re.search(r'id="query-code"[^>]*>([^<]+)<', body).group(1)
    assert message.check_query_code(code) and message.number.startswith("ZX2026")
    # 10 working days after Wed 2026-11-25: 26, 27, 30, 12-01, 02, 03, 04, 07, 08, 09.
    assert message.organ == world.fgj and message.due_on == D(2026, 12, 9) and "2026年12月9日" in body
    assert Client().get(response["Location"]).status_code == 404  # another browser sees no code
    assert [e.event_type for e in events_for(message)] == [EventType.MESSAGE_RECEIVED]


def test_every_problem_at_once_and_the_captcha_is_required(site, world, frozen_today):
    client = Client()
    client.get("/hudong/zixun/ask/")
    response = client.post("/hudong/zixun/ask/", {**question(world), "title": "", "phone": "123", "email": "",
                                                   "captcha": "999"})
    body = response.content.decode()
    assert response.status_code == 400 and Message.objects.count() == 0
    summary = body.split('id="form-errors"')[1].split("</div>")[0]
    for text in ("请填写标题", "手机号码应为11位", "验证码不正确"):
        assert text in summary


def test_the_deadline_is_a_setting(world, frozen_today, settings):
    settings.GONGKAI_CONSULTATION_REPLY_WORKDAYS = 5
    message, _ = submit(world)
    assert message.due_on == D(2026, 12, 2)
    report, _ = submit(world, kind=Kind.SITE_ERROR, error_type="broken_link", page_url="/xxgk/")
    assert report.organ == world.district and report.due_on == D(2026, 11, 30)  # 3 working days


def test_clerk_answers_and_publishes_with_consent_then_the_public_finds_it(site, world, frozen_today):
    message, _ = submit(world)
    clerk = client_for(world.fgj_clerk)
    queue = clerk.get("/staff/hudong/").content.decode()
    assert message.number in queue and "李明" not in queue  # lists never show the asker
    page = clerk.get(f"/staff/hudong/{message.number}/").content.decode()
    assert "13800000000" in page  # the handling clerk sees the contact, and it is audited
    assert events_for(message).filter(event_type=EventType.PERSONAL_DATA_VIEWED).count() == 1
    response = clerk.post(f"/staff/hudong/{message.number}/answer/", {
        "version": message.version, "reply": "补贴标准见区住建局2026年3号文，可到社区服务中心申请。", "publish": "on"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Status.ANSWERED and message.published_at and message.replied_on == D(2026, 11, 25)
    public = Client().get("/hudong/").content.decode()
    assert message.title in public
    found = Client().get("/hudong/", {"q": "补贴 社区"}).content.decode()
    assert message.title in found and "共 1 条" in found
    assert "共 0 条" in Client().get("/hudong/", {"q": "供暖"}).content.decode()
    detail = Client().get(f"/hudong/zixun/{message.number}/").content.decode()
    assert "社区服务中心申请" in detail and "李*" in detail
    for secret in ("李明", "13800000000", "liming@example.com"):
        assert secret not in detail


def test_no_publication_without_consent_and_unpublished_stays_off_the_column(site, world, frozen_today):
    message, _ = submit(world, consent_publish="")
    with pytest.raises(ApplicationError, match="未同意公开"):
        services.message_answer(actor=world.fgj_clerk, message=message, reply="已电话答复。", publish=True)
    services.message_answer(actor=world.fgj_clerk, message=message, reply="已电话答复。")
    assert message.number not in Client().get("/hudong/").content.decode()
    assert Client().get(f"/hudong/zixun/{message.number}/").status_code == 404


def test_permissions_per_role_and_organ(site, world, frozen_today):
    message, _ = submit(world)
    assert client_for(world.jyj_clerk).get(f"/staff/hudong/{message.number}/").status_code == 404
    assert message.number not in client_for(world.jyj_clerk).get("/staff/hudong/").content.decode()
    supervisor = client_for(world.district_supervisor).get(f"/staff/hudong/{message.number}/").content.decode()
    assert "李*" in supervisor and "13800000000" not in supervisor
    response = client_for(world.district_supervisor).post(f"/staff/hudong/{message.number}/answer/",
                                                          {"version": 1, "reply": "越权答复"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Status.OPEN  # refused: supervisors look, they do not answer
    assert Client().get("/staff/hudong/").status_code == 302  # to the log-in page


def test_transfer_keeps_the_deadline_and_moves_the_queue(world, frozen_today):
    message, _ = submit(world, organ=world.district)
    due = message.due_on
    services.message_transfer(actor=world.district_clerk, message=message, to_organ=world.jyj, reason="属教育局职责")
    message.refresh_from_db()
    assert message.organ == world.jyj and message.due_on == due
    assert selectors.queue(world.jyj_clerk).filter(pk=message.pk).exists()
    with pytest.raises(ApplicationError):
        services.message_answer(actor=world.district_clerk, message=message, reply="已转走的留言")


def test_chase_reminds_the_organ_once_a_day(world, frozen_today, mailoutbox, django_capture_on_commit_callbacks):
    world.fgj_clerk.email = "fgj@example.gov.cn"
    world.fgj_clerk.save()
    message, _ = submit(world)
    with django_capture_on_commit_callbacks(execute=True):
        found = chase_messages(today=D(2026, 12, 10), dry_run=False)
    assert [(f.kind, f.subject) for f in found] == [("message.overdue", message.number)]
    assert len(mailoutbox) == 1 and "已逾期" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        chase_messages(today=D(2026, 12, 10), dry_run=False)
    assert len(mailoutbox) == 1
    assert events_for(message).filter(event_type=EventType.MESSAGE_REMINDED).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        chase_messages(today=D(2026, 12, 11), dry_run=False)  # a new day: reminded again
    assert len(mailoutbox) == 2


def test_open_counts_for_the_staff_home_page(world, frozen_today):
    submit(world)
    submit(world, title="另一个问题")
    late, _ = submit(world, title="逾期的问题")
    Message.objects.filter(pk=late.pk).update(due_on=D(2026, 11, 20))
    counts = selectors.open_counts(world.fgj_clerk, today=D(2026, 11, 25))
    assert counts["consultation"] == {"open": 3, "overdue": 1, "due_soon": 0}
    assert selectors.open_counts(world.jyj_clerk)["consultation"]["open"] == 0


def _received(world, on: D, *, replied_on: D | None = None, status=Status.OPEN, title="问题"):
    message, _ = submit(world, title=title)
    Message.objects.filter(pk=message.pk).update(received_on=on, replied_on=replied_on, status=status,
                                                 replied_at=None if replied_on is None else dt.datetime(
                                                     replied_on.year, replied_on.month, replied_on.day, 10,
                                                     tzinfo=dt.UTC))
    return message


def test_unanswered_over_three_months_is_the_veto(world, frozen_today):
    from gongkai.supervision import selectors as supervision
    from gongkai.supervision.indicators import Period
    from gongkai.supervision.scoring import scheme, score

    as_of = D(2026, 11, 25)
    old_open = _received(world, D(2026, 8, 20))  # three months end 11-20: unanswered past them
    late = _received(world, D(2026, 3, 1), replied_on=D(2026, 6, 2), status=Status.ANSWERED)  # limit 06-01
    _received(world, D(2026, 3, 1), replied_on=D(2026, 6, 1), status=Status.ANSWERED)  # on the last day
    _received(world, D(2026, 8, 26))  # three months not yet over
    _received(world, D(2026, 8, 1), status=Status.INVALID)  # 无效留言 do not count
    _received(world, D(2025, 11, 25))  # more than a year ago
    found = set(selectors.unanswered_over_three_months([world.fgj.pk], as_of=as_of).values_list("pk", flat=True))
    assert found == {old_open.pk, late.pk}
    facts = supervision.facts_for([world.fgj, world.jyj], Period.year(2026), today=as_of)
    assert [f.consultations_unanswered for f in facts] == [2, 0]
    result = score(facts[0], scheme())
    assert not result.passed and any("政务咨询超过3个月未答复" in v for v in result.vetoes)


def test_statistics_for_the_website_annual_report(world, frozen_today):
    _received(world, D(2026, 3, 1), replied_on=D(2026, 3, 11), status=Status.ANSWERED)
    _received(world, D(2026, 4, 1), replied_on=D(2026, 4, 5), status=Status.ANSWERED)
    _received(world, D(2026, 5, 1))
    _received(world, D(2026, 5, 2), status=Status.INVALID)
    published, _ = submit(world)
    services.message_answer(actor=world.fgj_clerk, message=published, reply="已答复并公开。", publish=True)
    stats = selectors.statistics([world.fgj], D(2026, 1, 1), D(2026, 12, 31))
    # Received: 3 valid + the published one; answered: 3 (10, 4 and 0 days).
    assert (stats.received, stats.answered, stats.average_days, stats.published) == (4, 3, 4.7, 1)


def test_site_error_report_lands_in_the_staff_queue(site, world, frozen_today):
    client = Client()
    client.get("/hudong/zhaocuo/?page=/xxgk/lm/zcwj/")
    answer = client.session["message_captcha"]
    response = client.post("/hudong/zhaocuo/", {"page_url": "/xxgk/lm/zcwj/", "error_type": "broken_link",
                                                "title": "政策文件栏目链接打不开", "content": "点击第二条信息提示找不到页面。",
                                                "captcha": str(answer)})
    report = Message.objects.get()
    assert response.status_code == 303 and report.kind == Kind.SITE_ERROR and report.number.startswith("ZC")
    assert report.organ == world.district and report.due_on == D(2026, 11, 30)
    queue = client_for(world.district_clerk).get("/staff/hudong/?kind=site_error").content.decode()
    assert report.number in queue and "2026-11-30" in queue


def test_asker_looks_up_the_reply_with_the_code(site, world, frozen_today):
    message, code = submit(world, consent_publish="")
    services.message_answer(actor=world.fgj_clerk, message=message, reply="请到区住建局咨询窗口办理。")
    found = Client().post("/hudong/chaxun/", {"number": message.number, "query_code": code})
    assert found.status_code == 200 and "请到区住建局咨询窗口办理" in found.content.decode()
    wrong = Client().post("/hudong/chaxun/", {"number": message.number, "query_code": "AAAAAAAA"})
    assert wrong.status_code == 404 and "请到区住建局" not in wrong.content.decode()


def test_the_home_page_counts_the_messages_its_link_lists(world, frozen_today):
    """The clerk's /staff/ shows a 互动交流 panel (gongkai.interaction.home) whose count is the length of the
    queue it opens; another organ's clerk sees zero."""
    submit(world)
    late, _ = submit(world, title="逾期的问题")
    Message.objects.filter(pk=late.pk).update(due_on=D(2026, 11, 20))
    client = client_for(world.fgj_clerk)
    home = client.get("/staff/").content.decode()
    panel = home[home.index('id="panel-interaction"'):]
    panel = panel[:panel.index("</section>")]
    assert ('<a href="/staff/hudong/?kind=consultation&amp;status=open"><span class="count">2</span> 待答复的政务咨询</a>'
            in panel), panel
    assert "其中1件已超过答复期限" in panel and '<span class="count">0</span> 待答复的网站找错' in panel
    listed = client.get("/staff/hudong/?kind=consultation&status=open").content.decode()
    assert "逾期的问题" in listed and "老旧小区改造补贴怎么申请" in listed
    other = client_for(world.jyj_clerk).get("/staff/").content.decode()
    assert "其中1件已超过答复期限" not in other
