"""The to-do home page per role: every count links to a list showing exactly that many; the reviewer's one
queue holds everything awaiting them and each entry is approvable or returnable from it; the column owner
sees their own columns; the panels come from a registry others extend without editing the view."""

import datetime as dt
import re

import pytest

from gongkai.annual_reports import services as reports
from gongkai.applications import chase, procedures, services
from gongkai.applications.tests.factories import applicant_data, registered_case, sign_and_send
from gongkai.catalogue import services as catalogue
from gongkai.catalogue.models import Item
from gongkai.catalogue.tests.factories import draft, published
from gongkai.catalogue.tests.factories import seed as seed_columns
from gongkai.core import home as registry
from gongkai.core.testing import assert_may, client_for
from gongkai.letters import services as letters
from gongkai.letters.models import Letter

pytestmark = pytest.mark.django_db
D = dt.date
LINE = re.compile(r'<li class="[^"]*">\s*<a href="([^"]+)">(?:<span class="count">(\d+)</span> )?([^<]+)</a>')


def panel_lines(html: str, key: str) -> list[tuple[str, int | None, str]]:
    section = html.split(f'id="panel-{key}"')[1].split("</section>")[0]
    return [(url.replace("&amp;", "&"), int(n) if n else None, label.strip()) for url, n, label in LINE.findall(section)]


def listed_count(client, url: str) -> int:
    page = client.get(url).content.decode()
    shown = int(re.search(r'id="worklist-count">(\d+)<', page).group(1))
    section = page.split('id="worklist"')[1].split("</section>")[0]
    rows = len(re.findall(r"<tr>\s*<td>", section))
    assert rows == shown, (url, rows, shown)  # the list shows as many rows as it says
    return shown


@pytest.fixture
def workday(world, frozen_today):
    """A district with a case in every worklist, letters in every state, catalogue work and a report."""
    clerk, reviewer = world.district_clerk, world.district_reviewer
    seed_columns(world.district)
    services.application_submit(data=applicant_data(world.district, delivery="online"))  # unassigned
    registered_case(clerk, world.district, received_on=D(2026, 10, 9))  # overdue
    registered_case(clerk, world.district, received_on=D(2026, 10, 29))  # due within 3 working days
    lapsed, _ = registered_case(clerk, world.district, received_on=D(2026, 11, 10))  # 补正 period over
    notice = services.correction_request(actor=clerk, application=lapsed, items=["请写明文号"], deadline_days=1,
                                         today=D(2026, 11, 12))
    sign_and_send(notice, reviewer=reviewer, clerk=clerk, on=D(2026, 11, 12))
    letters.letter_serve(actor=clerk, letter=notice, served_on=D(2026, 11, 13))
    unpaid, _ = registered_case(clerk, world.district, received_on=D(2026, 10, 9))  # 缴费 period over
    fee = services.fee_notice_issue(actor=clerk, application=unpaid, method="per_page", pages=40, today=D(2026, 10, 12))
    sign_and_send(fee, reviewer=reviewer, clerk=clerk, on=D(2026, 10, 12))
    letters.letter_serve(actor=clerk, letter=fee, served_on=D(2026, 10, 13))
    consulting, _ = registered_case(clerk, world.district, received_on=D(2026, 10, 14))  # party's 15 days over
    services.consultation_start(actor=clerk, application=consulting, party="某公司", today=D(2026, 10, 15))
    party_letter = consulting.letters.get(kind="consultation")
    letters.letter_approve(actor=reviewer, letter=party_letter, today=D(2026, 10, 15))
    letters.letter_serve(actor=clerk, letter=party_letter, method="registered_mail", registered_no="XA1",
                         served_on=D(2026, 10, 16), today=D(2026, 10, 16))
    consulting.refresh_from_db()
    procedures.consultation_keep_waiting(actor=clerk, application=consulting, reason="第三方来电称正在准备意见")
    pending, _ = registered_case(clerk, world.district, received_on=D(2026, 11, 20))
    services.extension_request(actor=clerk, application=pending, days=10, reason="需要调取档案")
    for state in ("returned", "draft", "approved", "sent"):
        case, _ = registered_case(clerk, world.district, received_on=D(2026, 11, 19))
        letter = services.outcome_decide(actor=clerk, application=case, basis_code="provided", reason="现予提供。")
        if state == "returned":
            letters.letter_return(actor=reviewer, letter=letter, note="请写明提供方式")
        elif state in ("approved", "sent"):
            letter = letters.letter_approve(actor=reviewer, letter=letter)
            if state == "sent":
                letters.letter_send(actor=clerk, letter=letter, method="registered_mail", registered_no="XA2",
                                    sent_on=D(2026, 11, 25))
    chase.chase_applications(today=D(2026, 11, 25), dry_run=False)  # today's 督办 reminders
    # Catalogue: a returned draft, one waiting for review, one approved, policies without 解读.
    back = draft(world.district, actor=clerk, title="被退回的草稿")
    catalogue.item_submit(actor=clerk, item=back)
    catalogue.item_return(actor=reviewer, item=back, note="请补充文号")
    catalogue.item_submit(actor=clerk, item=draft(world.district, actor=clerk, title="待审核的通知"))
    waiting = draft(world.district, actor=clerk, title="已审核待发布的通知")
    catalogue.item_submit(actor=clerk, item=waiting)
    catalogue.item_approve(actor=reviewer, item=waiting)
    published(world.district, title="尚无解读的规范性文件", genre="规范性文件")
    # The annual report: a submitted draft of 2025.
    report = reports.report_start(actor=clerk, organ=world.district, year=2025)
    reports.report_update(actor=clerk, report=report, entered={"table2": {
        code: {"decisions" if code != "fees" else "amount_wan_yuan": 0, "source": "业务系统"}
        for code in ("licensing", "penalties", "coercion", "fees")}}, sections=dict.fromkeys(("overview", "proactive", "applications", "remedies", "problems", "other"), "本年度依法做好相关工作，情况如下。" * 3) | {"other": "本年度未收取信息处理费。" * 3})
    report.refresh_from_db()
    reason = {f"{f['rule']}@{f['where']}": "已核实" for f in report.findings_of("warning")}
    reports.report_submit(actor=clerk, report=report, warning_reasons=reason)
    return world


def test_the_clerks_counts_match_the_lists_behind_them_in_working_order(workday):
    clerk = workday.district_clerk
    html = assert_may(clerk, "/staff/").content.decode()
    # The panels in the order a clerk works: cases, 督办, letters, catalogue, 互动交流, the annual report.
    order = [m.group(1) for m in re.finditer(r'id="panel-(\w+)"', html)]
    assert order == ["applications", "chase", "letters", "catalogue", "interaction", "annual_report"]
    client = client_for(clerk)
    expected_nonzero = {"新收待分配经办人", "已逾期未答复", "3个工作日内到期", "申请人补正期限已过", "申请人缴费期限已过",
                        "第三方征求意见期限已过", "延期待审核人批准", "今日收到督办提醒", "退回修改的文书",
                        "待审核人签发的文书", "已签发、未发出的文书", "已发出、未登记送达的文书", "审核人退回修改的草稿",
                        "已提交、待审核的信息", "已审核、待发布的信息", "缺少解读的政策文件"}
    seen = set()
    for key in ("applications", "chase", "letters", "catalogue"):
        for url, count, label in panel_lines(html, key):
            assert listed_count(client, url) == count, (label, url)
            if count:
                seen.add(label)
    assert expected_nonzero <= seen, expected_nonzero - seen
    # The report line says its state and the days left, and links to the workspace.
    [(url, count, label)] = panel_lines(html, "annual_report")
    assert count is None and label == "岭东区人民政府2025年度报告" and url.endswith(f"/{workday.district.code}/2025/")
    note = html.split('id="panel-annual_report"')[1].split("</section>")[0]
    assert "第1版待审核；已超过公布期限（2026-03-31）239天（第四十九条）" in note and 'class="urgent"' in note
    # An expired applicant deadline says what to do.
    assert "登记收到补正，或按逾期未补正终止办理（第三十条）" in html


def test_the_reviewers_queue_holds_everything_awaiting_them_and_acts_from_there(workday):
    reviewer = workday.district_reviewer
    html = assert_may(reviewer, "/staff/").content.decode()
    queue = html.split('id="review-queue"')[1].split("</section>")[0]
    kinds = re.findall(r'<span class="tag">([^<]+)</span>', queue)
    # The unsigned reply and the consultation's notice to the applicant (the returned reply is the clerk's now).
    assert sorted(kinds) == sorted(["延期申请", "答复书", "征求意见告知书", "政府信息", "年度报告"])
    assert int(re.search(r"待我审核（(\d+)）", html).group(1)) == len(kinds) == len(
        registry.queue_for(reviewer, roles={"reviewer"}, today=D(2026, 11, 25)))
    assert "理由：需要调取档案" in queue and "办理结果：予以公开" in queue and "栏目：" in queue
    client = client_for(reviewer)
    entries = registry.queue_for(reviewer, roles={"reviewer"}, today=D(2026, 11, 25))
    by_kind = {e.kind: e for e in entries}
    # Sign the reply, approve the extension, return the item, return the report: all from the queue.
    done = client.post(by_kind["答复书"].approve.url, {"next": "/staff/"})
    assert done.status_code == 302 and done["Location"] == "/staff/"
    ext = by_kind["延期申请"]
    assert client.post(ext.approve.url, {**dict(ext.approve.fields), "next": "/staff/"})["Location"] == "/staff/"
    assert client.post(by_kind["政府信息"].send_back.url, {"note": "请补充文号", "next": "/staff/"}).status_code == 302
    assert client.post(by_kind["年度报告"].send_back.url, {"reason": "请核对表三", "next": "/staff/"}).status_code == 302
    assert Letter.objects.filter(status=Letter.Status.APPROVED, kind="reply").count() == 2
    assert not Item.objects.filter(status=Item.Status.SUBMITTED).exists()
    after = registry.queue_for(reviewer, roles={"reviewer"}, today=D(2026, 11, 25))
    # The approved extension drafted its 延期答复告知书, which now waits for signature, beside the notice.
    assert sorted(e.kind for e in after) == ["延期答复告知书", "征求意见告知书"]


def test_the_column_owner_sees_their_columns_and_no_cases(world, frozen_today):
    from gongkai.catalogue.models import Column

    seed_columns(world.district)
    owner = world.district_column_owner
    mine = Column.objects.filter(organ=world.district, slug__in=["tzgg", "gzdt"])
    for column in mine:
        catalogue.column_update(actor=world.district_clerk, column=column, owner=owner)
    published(world.district, "tzgg", title="停水通知")
    html = assert_may(owner, "/staff/").content.decode()
    assert re.findall(r'id="panel-(\w+)"', html) == ["columns"] and 'id="review-queue"' not in html
    lines = panel_lines(html, "columns")
    assert [label for _u, _n, label in lines][1:] == ["岭东区人民政府 · 工作动态（已发布）", "岭东区人民政府 · 通知公告（已发布）"]
    assert [n for _u, n, _l in lines][1:] == [0, 1] and "空白栏目" in html and "最后发布于2026-11-25" in html
    listed = client_for(owner).get("/staff/catalogue/columns/?list=mine").content.decode()
    assert re.search(r'id="worklist-count">2<', listed)


@pytest.mark.parametrize("user", ["nobody", "sysadmin"])
def test_roles_without_work_here_get_no_panels(world, frozen_today, user):
    """(A 主管部门 gets the 考评与督办 panel: gongkai/supervision/tests/test_notices.py.)"""
    html = assert_may(getattr(world, user), "/staff/").content.decode()
    assert 'id="panel-' not in html and 'id="review-queue"' not in html and "我的角色" in html


def test_another_app_adds_a_panel_through_the_registry_without_touching_the_view(world, frozen_today):
    @registry.register_panel("test_panel", title="督办（主管部门）", roles={"supervisor"}, order=5)
    def panel(user, *, today):
        return [registry.Line("收到的督办", 2, "/staff/supervision/")]

    try:
        html = assert_may(world.city_supervisor, "/staff/").content.decode()
        assert panel_lines(html, "test_panel") == [("/staff/supervision/", 2, "收到的督办")]
    finally:
        registry._PANELS.pop("test_panel")
