"""督办 → 整改: issue, answer, return, answer again, accept; the chase; the indicator; the numbered document;
the pages per role (404 for what is not yours)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.chase import run_chase
from gongkai.core.exceptions import ApplicationError, PermissionDeniedError
from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not, client_for
from gongkai.supervision import periods, references, services
from gongkai.supervision.documents import chinese_number, notice_docx, notice_pdf
from gongkai.supervision.home import clerk_notices, supervisor_counts
from gongkai.supervision.indicators import Period
from gongkai.supervision.models import Notice, NoticeReply

from .fixtures import build
from .test_periods import png

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def counted(world, frozen_today):
    world.built = build(world)
    return world


def issue(w, organ=None, deadline=dt.date(2026, 12, 10), **kw):
    return services.notice_issue(actor=w.district_supervisor, organ=organ or w.fgj, items=["事项一", "事项二"],
                                 deadline=deadline, text="请逐项整改。", **kw)


def test_the_cycle_issue_answer_return_answer_accept(counted):
    w = counted
    notice = issue(w)
    assert notice.doc_no == "岭政公开督〔2026〕1号" and notice.status == Notice.Status.ISSUED
    assert notice.issuer == w.district and notice.title == "关于岭东区发展和改革局政务公开工作有关问题的督办通知"
    assert issue(w, organ=w.jyj).doc_no == "岭政公开督〔2026〕2号"
    with pytest.raises(PermissionDeniedError):  # only the organ's clerk answers
        services.notice_reply(actor=w.jyj_clerk, notice=notice, text="已整改")
    with pytest.raises(PermissionDeniedError):
        services.notice_reply(actor=w.fgj_reviewer, notice=notice, text="已整改")
    with pytest.raises(ApplicationError, match="没有待审核"):
        services.notice_decide(actor=w.district_supervisor, notice=notice, accept=True)
    reply = services.notice_reply(actor=w.fgj_clerk, notice=notice, text="已补发信息两条。", evidence=png(),
                                  evidence_name="截图.png")
    notice.refresh_from_db()
    assert reply.evidence_name == "截图.png" and notice.status == Notice.Status.REPLIED
    with pytest.raises(ApplicationError, match="不能报送"):
        services.notice_reply(actor=w.fgj_clerk, notice=notice, text="再报一次")
    with pytest.raises(PermissionDeniedError):  # the organ cannot accept its own answer
        services.notice_decide(actor=w.fgj_reviewer, notice=notice, accept=True)
    with pytest.raises(ApplicationError, match="退回时请写明"):
        services.notice_decide(actor=w.district_supervisor, notice=notice, accept=False)
    services.notice_decide(actor=w.district_supervisor, notice=notice, accept=False, note="第二项未整改")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.RETURNED and notice.closed_on is None
    services.notice_reply(actor=w.fgj_clerk, notice=notice, text="第二项已整改。")
    services.notice_decide(actor=w.district_supervisor, notice=notice, accept=True, note="同意")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ACCEPTED and notice.closed_on == TODAY
    assert list(notice.replies.values_list("decision", flat=True)) == ["returned", "accepted"]
    kinds = list(EventLog.objects.filter(object_id=str(notice.pk), event_type__startswith="supervision.notice")
                 .order_by("id").values_list("event_type", flat=True))
    assert kinds == [EventType.NOTICE_ISSUED, EventType.NOTICE_REPLIED, EventType.NOTICE_RETURNED,
                     EventType.NOTICE_REPLIED, EventType.NOTICE_ACCEPTED]


def test_issue_checks(counted):
    w = counted
    for user in (w.fgj_clerk, w.district_clerk, w.sysadmin, w.nobody, w.district_column_owner):
        with pytest.raises(PermissionDeniedError):
            services.notice_issue(actor=user, organ=w.fgj, items=["x"], deadline=dt.date(2026, 12, 10))
    with pytest.raises(PermissionDeniedError):  # the district does not supervise the city
        services.notice_issue(actor=w.district_supervisor, organ=w.city, items=["x"], deadline=dt.date(2026, 12, 10))
    with pytest.raises(ApplicationError, match="至少写明一项"):
        services.notice_issue(actor=w.district_supervisor, organ=w.fgj, items=[" "], deadline=dt.date(2026, 12, 10))
    with pytest.raises(ApplicationError, match="晚于今天"):
        services.notice_issue(actor=w.district_supervisor, organ=w.fgj, items=["x"], deadline=TODAY)
    # a city supervisor issuing to a department numbers it as the city's office (the nearest it holds)
    assert services.notice_issue(actor=w.city_supervisor, organ=w.fgj, items=["x"],
                                 deadline=dt.date(2026, 12, 10)).doc_no == "双政公开督〔2026〕1号"


def test_overdue_notices_are_chased_once_a_day_and_feed_the_indicator(counted, frozen_today):
    w = counted
    late = issue(w, deadline=dt.date(2026, 11, 30))
    soon = issue(w, organ=w.jyj, deadline=dt.date(2026, 11, 27))
    on_time = issue(w, deadline=dt.date(2026, 11, 26))
    services.notice_reply(actor=w.fgj_clerk, notice=on_time, text="已整改")
    services.notice_decide(actor=w.district_supervisor, notice=on_time, accept=True)
    found = run_chase(today=TODAY, only="supervision_notices")["supervision_notices"]
    assert {(i.kind, i.subject) for i in found} == {("notice.due_soon", soon.doc_no)}
    frozen_today.move_to(dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC))
    today = dt.date(2026, 12, 2)
    found = run_chase(today=today, only="supervision_notices")["supervision_notices"]
    assert {(i.kind, i.subject, i.recipients) for i in found} == {
        ("notice.overdue", late.doc_no, ("fgj_clerk",)), ("notice.overdue", soon.doc_no, ("jyj_clerk",))}
    run_chase(today=today, only="supervision_notices")
    assert EventLog.objects.filter(event_type=EventType.NOTICE_REMINDED).count() == 3  # 1 on 25 Nov, 2 today
    # the indicator: the 2026 period read on 2 December
    q4 = Period.quarter(2026, 4)
    fgj, jyj = periods.period_facts([w.fgj, w.jyj], q4, today=today)
    assert (fgj.rectification_overdue, fgj.rectification_open) == (1, 1)  # late; on_time was accepted in time
    assert (jyj.rectification_overdue, jyj.rectification_open) == (1, 1)
    # answered after the deadline and accepted: still overdue in the period, no longer open
    services.notice_reply(actor=w.fgj_clerk, notice=late, text="已整改", today=today)
    services.notice_decide(actor=w.district_supervisor, notice=late, accept=True, today=today)
    fgj = periods.period_facts([w.fgj], q4, today=today)[0]
    assert (fgj.rectification_overdue, fgj.rectification_open) == (1, 0)
    s = {x.facts.name: x for x in periods.outcome(w.district, q4, today=today).scores}[w.fgj.name]
    assert s.deductions["rectification_overdue"] == 2.0


def test_the_document_is_numbered_a4_and_names_the_article(counted):
    import docx
    import pdfplumber

    notice = issue(counted)
    with pdfplumber.open(io.BytesIO(notice_pdf(notice))) as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)  # A4 in points
        text = "".join(p.extract_text() or "" for p in pdf.pages).replace(" ", "").replace("\n", "")
    for expected in ("岭政公开督〔2026〕1号", "岭东区发展和改革局：", "一、事项一", "二、事项二", "第四十七条",
                     "2026年12月10日前完成整改", "岭东区人民政府"):
        assert expected in text
    document = docx.Document(io.BytesIO(notice_docx(notice)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "岭政公开督〔2026〕1号" in "\n".join(p.text for p in document.paragraphs)
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 45)] == ["一", "九", "十", "十一", "二十", "四十五"]


def test_references_are_written_from_the_record_of_that_organ_only(counted):
    w = counted
    c7 = w.built["cases"]["c7"]
    col = w.built["columns"]["news2"]
    late = w.built["items"]["i2"]
    refs = [f"application:{c7.tracking_no}", f"column:{col.pk}", f"item:{late.pk}:late", "application:NOPE",
            f"item:{late.pk}:nonsense", "indicator:late_items:2025:0", "evil:<script>"]
    described = dict(references.describe(w.fgj, refs))
    assert set(described) == set(refs[:3]) | {"indicator:late_items:2025:0"}
    assert "已超过答复期限" in described[refs[0]] and c7.tracking_no in described[refs[0]]
    assert "栏目“栏目news2”" in described[refs[1]] and "超期" in described[refs[1]]
    assert "第二十六条" in described[refs[2]] and "用时25个工作日" in described[refs[2]]
    assert "2025年“超期发布信息”为1" in described["indicator:late_items:2025:0"]
    assert references.describe(w.jyj, refs[:3]) == []  # another organ's records give nothing


# --- pages -------------------------------------------------------------------------------------------


def test_pages_per_role(counted):
    w = counted
    notice = issue(w)
    detail = reverse("supervision:notice", args=[notice.pk])
    new = reverse("supervision:notice_new")
    for url in (detail, new, reverse("supervision:notices")):
        assert_login_required(url)
    for user in (w.district_supervisor, w.city_supervisor, w.fgj_clerk, w.fgj_reviewer, w.sysadmin):
        assert_may(user, detail)
    for user in (w.jyj_clerk, w.district_column_owner, w.nobody, w.district_clerk):
        assert_may_not(user, detail)
    assert_may(w.district_supervisor, new)
    for user in (w.fgj_clerk, w.sysadmin, w.nobody):
        assert_may_not(user, new)
    # answering and deciding: only the organ's clerk, only the supervisor; others get 404 and nothing changes
    assert_may_not(w.jyj_clerk, reverse("supervision:notice_reply", args=[notice.pk]), method="post",
                   data={"text": "x"})
    assert_may_not(w.fgj_reviewer, reverse("supervision:notice_reply", args=[notice.pk]), method="post",
                   data={"text": "x"})
    assert_may_not(w.fgj_clerk, reverse("supervision:notice_decide", args=[notice.pk]), method="post",
                   data={"decision": "accept"})
    assert not NoticeReply.objects.exists()
    # the lists: the clerk sees its organ's, the other clerk none
    assert notice.doc_no in assert_may(w.fgj_clerk, reverse("supervision:notices")).content.decode()
    assert notice.doc_no not in assert_may(w.jyj_clerk, reverse("supervision:notices")).content.decode()
    assert_may_not(w.nobody, reverse("supervision:notices"))


def test_issue_from_a_drill_down_row_answer_and_accept_in_pages(counted):
    w = counted
    c7 = w.built["cases"]["c7"]
    organ_page = assert_may(w.district_supervisor, reverse("supervision:organ", args=[w.fgj.code]) + "?year=2025")
    link = f"ref=application:{c7.tracking_no}"
    assert link in organ_page.content.decode()
    form = assert_may(w.district_supervisor, reverse("supervision:notice_new") + f"?organ={w.fgj.code}&{link}")
    assert "已超过答复期限" in form.content.decode()
    supervisor = client_for(w.district_supervisor)
    bad = supervisor.post(reverse("supervision:notice_new"), {"organ": w.fgj.pk, "items": "x", "deadline": "2026-11-01",
                                                             "ref": f"application:{c7.tracking_no}"})
    assert bad.status_code == 400 and "整改期限应晚于今天" in bad.content.decode() and not Notice.objects.exists()
    response = supervisor.post(reverse("supervision:notice_new"), {
        "organ": w.fgj.pk, "items": f"申请{c7.tracking_no}超期未答复\n栏目未更新", "deadline": "2026-12-20",
        "text": "", "ref": [f"application:{c7.tracking_no}", "application:NOPE"]})
    notice = Notice.objects.get()
    assert response.status_code == 302 and notice.items == [f"申请{c7.tracking_no}超期未答复", "栏目未更新"]
    assert notice.sources == [f"application:{c7.tracking_no}"]
    clerk = client_for(w.fgj_clerk)
    fake = SimpleUploadedFile("佐证.pdf", b"<script>alert(1)</script>")
    refused = clerk.post(reverse("supervision:notice_reply", args=[notice.pk]), {"text": "已答复", "evidence": fake})
    assert refused.status_code == 400 and "佐证材料" in refused.content.decode() and not NoticeReply.objects.exists()
    ok = clerk.post(reverse("supervision:notice_reply", args=[notice.pk]),
                    {"text": "已于11月26日答复申请人。", "evidence": SimpleUploadedFile("回执.png", png())})
    assert ok.status_code == 302
    reply = NoticeReply.objects.get()
    assert assert_may(w.district_supervisor, reverse("supervision:reply_evidence", args=[reply.pk])).status_code == 200
    assert_may_not(w.jyj_clerk, reverse("supervision:reply_evidence", args=[reply.pk]))
    supervisor.post(reverse("supervision:notice_decide", args=[notice.pk]), {"decision": "accept", "note": ""})
    assert Notice.objects.get().status == Notice.Status.ACCEPTED
    page = assert_may(w.fgj_clerk, reverse("supervision:notice", args=[notice.pk])).content.decode()
    assert "已办结" in page and "认可" in page and "报送整改情况" in page  # the timeline
    for fmt in ("pdf", "docx"):
        assert assert_may(w.fgj_clerk, reverse("supervision:notice_document", args=[notice.pk, fmt])).status_code == 200
    assert_may_not(w.fgj_clerk, reverse("supervision:notice_document", args=[notice.pk, "exe"]))


def test_home_panels(counted):
    w = counted
    issue(w, deadline=dt.date(2026, 12, 10))
    panel = supervisor_counts(w.district_supervisor)
    counts = {i["label"]: i["count"] for i in panel["items"]}
    assert counts["超期未答复的申请"] == 1 and counts["未办结的督办"] == 1 and counts["逾期未整改的督办"] == 0
    assert counts["2025年度报告逾期未发布"] == 3  # no organ of the district has published its 2025 report
    assert supervisor_counts(w.fgj_clerk) is None
    mine = clerk_notices(w.fgj_clerk)
    assert mine["title"] == "收到的督办" and len(mine["items"]) == 1
    assert clerk_notices(w.jyj_clerk) is None and clerk_notices(w.district_supervisor) is None
    home = assert_may(w.district_supervisor, reverse("supervision:home")).content.decode()
    assert "主管部门首页" in home and w.built["cases"]["c7"].tracking_no in home
    for user in (w.fgj_clerk, w.nobody, w.district_column_owner):
        assert_may_not(user, reverse("supervision:home"))


def test_the_staff_home_page_carries_the_supervisors_counts_and_the_clerks_notices(counted):
    """/staff/ (gongkai.core.home): the 主管部门's panel first, its counts those of supervisor_counts; the
    receiving organ's clerk sees the 督办通知 awaiting its 整改, linked to the notice; another organ's clerk
    sees none."""
    w = counted
    notice = issue(w)
    supervisor_home = assert_may(w.district_supervisor, "/staff/").content.decode()
    panel = supervisor_home.split('id="panel-supervision"')[1].split("</section>")[0]
    for item in supervisor_counts(w.district_supervisor)["items"]:
        assert f'<span class="count">{item["count"]}</span> {item["label"]}' in panel, item
    assert '<span class="count">1</span> 未办结的督办' in panel
    clerk_home = assert_may(w.fgj_clerk, "/staff/").content.decode()
    notices = clerk_home.split('id="panel-notices"')[1].split("</section>")[0]
    assert notice.doc_no in notices and reverse("supervision:notice", args=[notice.pk]) in notices
    assert 'id="panel-notices"' not in assert_may(w.jyj_clerk, "/staff/").content.decode()
    assert 'id="panel-supervision"' not in clerk_home
