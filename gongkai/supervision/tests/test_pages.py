"""The 考评 pages a supervisor works with: the 考评办法 form, 定稿 and its versions, 加分/扣分, quarters, the
政府网站工作年度报表 — each per role, 404 for what is not yours."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not, client_for
from gongkai.supervision.models import Adjustment, Result, SchemeVersion, WebsiteReport

from .fixtures import build
from .test_periods import png

pytestmark = pytest.mark.django_db
DASH = reverse("supervision:dashboard")
SCHEME = reverse("supervision:scheme")
LOCK = reverse("supervision:lock")
ADJ = reverse("supervision:adjustments")
Q = "?year=2025&root="


@pytest.fixture
def counted(world, frozen_today):
    build(world)
    return world


def scheme_post(form_html: str, **changes) -> dict:
    """The scheme form's current values (from the page), changed."""
    import re

    data = {}
    for name, value in re.findall(r'name="([a-z_0-9]+)"[^>]*value="([^"]*)"', form_html):
        data[name] = value
    for name in re.findall(r'<input type="checkbox" name="([a-z_0-9]+)"[^>]*checked', form_html):
        data[name] = "on"
    for name, value in re.findall(r'<select name="([a-z_0-9]+)"[^>]*>.*?<option value="([^"]*)" selected', form_html,
                                  re.S):
        data[name] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_only_the_supervisor_of_the_subtree_manages_it(counted):
    w = counted
    for url in (SCHEME, ADJ):
        assert_login_required(url)
        assert_may(w.district_supervisor, url + Q + w.district.code)
        assert_may(w.city_supervisor, url + Q + w.district.code)  # above it
        for user in (w.fgj_clerk, w.fgj_reviewer, w.district_clerk, w.district_column_owner, w.nobody, w.sysadmin):
            assert_may_not(user, url + Q + w.district.code)
        assert_may_not(w.district_supervisor, url + Q + w.city.code)
    for user in (w.fgj_clerk, w.district_column_owner, w.nobody, w.sysadmin):
        assert_may_not(user, LOCK + Q + w.district.code, method="post")
    assert_may_not(w.district_supervisor, LOCK + Q + w.city.code, method="post")
    assert not Result.objects.exists()
    # the dashboard: a clerk sees its own organ, no management links; nobody and a column owner nothing
    text = assert_may(w.fgj_clerk, DASH + "?year=2025").content.decode()
    assert "修改考评办法" not in text and "定稿</button>" not in text
    assert "修改考评办法" in assert_may(w.district_supervisor, DASH + "?year=2025").content.decode()
    assert_may_not(w.fgj_clerk, DASH + "?year=2025&root=" + w.district.code)
    assert_may_not(w.district_supervisor, DASH + "?year=2025&root=" + w.city.code)


def test_edit_the_scheme_in_the_browser(counted):
    w = counted
    page = assert_may(w.district_supervisor, SCHEME + Q + w.district.code).content.decode()
    assert "默认考评办法" in page and "逾期答复" in page
    client = client_for(w.district_supervisor)
    missing = client.post(SCHEME + Q + w.district.code, scheme_post(page, reason=""))
    assert missing.status_code == 400 and not SchemeVersion.objects.exists()
    data = scheme_post(page, reason="逾期答复每件扣2分，不设第二个加分项", per_late_replies="2", bonus_label_1="",
                       veto_empty="6", use_report_warnings=None, bonus_label_2="政务公开标准化试点", bonus_max_2="3")
    data.pop("use_report_warnings", None)
    response = client.post(SCHEME + Q + w.district.code, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    version = SchemeVersion.objects.get()
    rules = version.rules
    assert rules["deductions"]["late_replies"] == {"per": 2, "max": 15} and rules["veto"]["empty"] == 6
    assert "report_warnings" not in rules["deductions"]
    assert [b["label"] for b in rules["bonus"]] == ["第三方评估结果为优秀", "政务公开标准化试点"]
    assert rules["bonus"][1]["key"] == "item_1"
    dash = assert_may(w.district_supervisor, DASH + Q + w.district.code).content.decode()
    assert "本期第1版" in dash and "每件扣2分，最多扣15分" in dash and "达到6个单项否决" in dash
    bad = client.post(SCHEME + Q + w.district.code, scheme_post(page, reason="x", pass_mark="101"))
    assert bad.status_code == 400 and SchemeVersion.objects.count() == 1


def test_lock_and_relock_in_the_browser(counted):
    w = counted
    client = client_for(w.district_supervisor)
    response = client.post(LOCK + Q + w.district.code)
    first = Result.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("supervision:result", args=[first.pk])
    dash = assert_may(w.district_supervisor, DASH + Q + w.district.code).content.decode()
    assert "已定稿：第1版" in dash and "重新定稿原因" in dash
    refused = client.post(LOCK + Q + w.district.code, {"reason": ""}, follow=True)
    assert "重新定稿须写明原因" in refused.content.decode() and Result.objects.count() == 1
    client.post(LOCK + Q + w.district.code, {"reason": "复核后无变化"})
    second = Result.objects.get(version=2)
    page = assert_may(w.district_supervisor, reverse("supervision:result", args=[second.pk])).content.decode()
    assert "复核后无变化" in page and "与上一版相比没有变化" in page
    assert_may(w.city_supervisor, reverse("supervision:result", args=[second.pk]))
    for user in (w.fgj_clerk, w.nobody, w.jyj_clerk):
        assert_may_not(user, reverse("supervision:result", args=[second.pk]))
    assert client.post(LOCK + "?year=2026&root=" + w.district.code, follow=True).content.decode().count("结束后才能定稿")
    # the clerk's dashboard shows its row of the lock, with its rank
    mine = assert_may(w.fgj_clerk, DASH + "?year=2025").content.decode()
    assert "已定稿：第2版" in mine


def test_adjustment_with_attachment_in_the_browser(counted):
    w = counted
    client = client_for(w.district_supervisor)
    fake = SimpleUploadedFile("评估.pdf", b"not a pdf at all")
    refused = client.post(ADJ + Q + w.district.code, {"organ": w.jyj.pk, "kind": "bonus", "item": "third_party",
                                                     "points": "3", "reason": "优秀", "attachment": fake})
    assert refused.status_code == 400 and "附件" in refused.content.decode() and not Adjustment.objects.exists()
    ok = client.post(ADJ + Q + w.district.code, {"organ": w.jyj.pk, "kind": "bonus", "item": "third_party",
                                                "points": "3", "reason": "第三方评估优秀",
                                                "attachment": SimpleUploadedFile("评估.png", png())})
    assert ok.status_code == 302
    adjustment = Adjustment.objects.get()
    url = reverse("supervision:adjustment_attachment", args=[adjustment.pk])
    assert assert_may(w.district_supervisor, url)["Content-Disposition"].startswith("attachment")
    assert_may_not(w.jyj_clerk, url)
    assert_may_not(w.jyj_clerk, reverse("supervision:adjustment_withdraw", args=[adjustment.pk]), method="post",
                   data={"reason": "x"})
    client.post(reverse("supervision:adjustment_withdraw", args=[adjustment.pk]), {"reason": "评估结果更正"})
    adjustment.refresh_from_db()
    assert adjustment.withdrawn_reason == "评估结果更正"


def test_quarter_periods_on_the_dashboard_and_the_export(counted):
    w = counted
    text = assert_may(w.district_supervisor, DASH + "?year=2025&q=4").content.decode()
    assert "政府信息公开考评（2025年第四季度）" in text and "统计截止日2025-12-31" in text
    response = assert_may(w.district_supervisor, reverse("supervision:export") + "?year=2025&q=4")
    assert response["Content-Disposition"] == 'attachment; filename="supervision-2025Q4.xlsx"'
    assert_may(w.district_supervisor, DASH + "?year=2025&q=9")  # ignored: the year


def test_year_on_year_on_the_organ_page(counted):
    w = counted
    text = assert_may(w.district_supervisor, reverse("supervision:organ", args=[w.fgj.code]) + "?year=2026").content
    text = text.decode()
    assert "历年对比" in text and "2025年" in text and "2022年" in text and "各年同期考评得分" in text
    dash = assert_may(w.district_supervisor, DASH + "?year=2026").content.decode()
    assert "上年" in dash


def test_the_website_annual_report(counted):
    w = counted
    url = reverse("supervision:website_report", args=[w.fgj.code, 2025])
    assert_login_required(url)
    page = assert_may(w.fgj_clerk, url).content.decode()
    assert "政府网站工作年度报表（2025年度）" in page and "政务动态信息更新量" in page and "本平台" in page
    for user in (w.jyj_clerk, w.nobody, w.district_column_owner):
        assert_may_not(user, url)
    client = client_for(w.fgj_clerk)
    bad = client.post(url, {"v_visits": "12000", "s_visits": "", "v_smart_qa": "也许", "s_smart_qa": "自查"})
    body = bad.content.decode()
    assert bad.status_code == 400 and "请注明数据来源" in body and "只能填“是”或“否”" in body
    assert not WebsiteReport.objects.exists()
    client.post(url, {"v_visits": "12000", "s_visits": "网站统计系统", "v_messages_received": "35",
                      "s_messages_received": "区政府信箱台账", "v_info_news": "999", "s_info_news": "想改"})
    report = WebsiteReport.objects.get()
    assert report.entered == {"visits": {"value": 12000, "source": "网站统计系统"},
                              "messages_received": {"value": 35, "source": "区政府信箱台账"}}  # computed cells stay
    assert EventLog.objects.filter(event_type=EventType.WEBSITE_REPORT_SAVED).count() == 1
    assert client_for(w.fgj_reviewer).post(url, {"v_visits": "1", "s_visits": "x"}).status_code == 404
    wb = openpyxl.load_workbook(io.BytesIO(assert_may(w.district_supervisor, url + "report.xlsx").content))
    rows = {(r[0], r[1]): r for r in wb.active.iter_rows(min_row=4, values_only=True)}
    assert rows[("基本信息", "网站总访问量")][3:] == (12000, "网站统计系统")
    # the fixture's columns are none of 工作动态, 通知公告, 机构职能: all six 2025 items are 信息公开目录
    assert (rows[("信息发布", "政务动态信息更新量")][3], rows[("信息发布", "信息公开目录信息更新量")][3]) == (0, 6)
    assert rows[("信息发布", "总数")][3] == 6 and rows[("基本信息", "主办单位")][3] == w.fgj.name
    assert rows[("解读回应", "解读信息发布总数")][3] == 1 and rows[("解读回应", "其中：解读材料数量")][3] == 1
    assert rows[("基本信息", "独立用户访问总量")][4] == "（未填报）"
    assert_may_not(w.fgj_clerk, reverse("supervision:website_report", args=[w.fgj.code, 2016]))
