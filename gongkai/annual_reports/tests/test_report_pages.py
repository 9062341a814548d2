"""Report pages: the staff workspace per role, the portal column and page, the downloads read back."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.annual_reports import services
from gongkai.annual_reports.models import AnnualReport
from gongkai.annual_reports.reading import read_report
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not, client_for
from gongkai.portal.services import portal_set

from .test_report_workflow import FIGURES, PROBLEMS, published, ready_draft

pytestmark = pytest.mark.django_db


def url(organ, year=2025, tail=""):
    return f"/staff/reports/{organ.code}/{year}/{tail}"


def test_staff_pages_need_a_login(world):
    for path in ("/staff/reports/", url(world.fgj), url(world.fgj, tail="start/")):
        assert_login_required(path)


@pytest.mark.parametrize("user,allowed", [
    ("fgj_clerk", True), ("fgj_reviewer", True), ("district_supervisor", True), ("city_supervisor", True),
    ("sysadmin", True), ("jyj_clerk", False), ("district_clerk", False), ("district_column_owner", False),
    ("nobody", False),
])
def test_workspace_per_role_and_organ(world, frozen_today, user, allowed):
    if allowed:
        assert_may(getattr(world, user), url(world.fgj))
    else:
        assert_may_not(getattr(world, user), url(world.fgj))


def test_supervisor_sees_which_organs_have_not_published(world, frozen_today):
    published(world)
    body = assert_may(world.district_supervisor, "/staff/reports/?year=2025").content.decode()
    assert "岭东区发展和改革局" in body and "岭东区教育局" in body and "双鸭山市人民政府" not in body
    assert "已发布（2026-01-20" in body and "未起草" in body
    assert "共 3 个机关，2 个尚未发布" in body


def test_clerk_walks_the_draft_through_the_pages(world, frozen_today):
    clerk = client_for(world.fgj_clerk)
    assert clerk.post(url(world.fgj, tail="start/")).status_code == 302
    page = clerk.get(url(world.fgj)).content.decode()
    assert "根据本系统数据生成初稿" not in page and "保存并重新计算" in page and "计数规则" in page
    report = AnnualReport.objects.get()
    form = {"licensing": "7", "licensing_source": "审批系统", "penalties": "0", "penalties_source": "执法平台",
            "coercion": "0", "coercion_source": "执法平台", "fees": "0", "fees_source": "非税系统",
            "enter_table4": "on", **{f"t4_{g}_{r}": "0" for g in ("review", "litigation_direct",
                                                                    "litigation_after_review")
                                     for r in ("upheld", "corrected", "other", "pending")},
            **{k: v.replace("（请填写", "（已填写") for k, v in report.sections.items()}, "problems": PROBLEMS}
    assert clerk.post(url(world.fgj, tail="save/"), form).status_code == 302
    report.refresh_from_db()
    assert report.entered["table2"]["licensing"] == {"decisions": 7, "source": "审批系统"}
    reasons = {f"reason:{f['rule']}@{f['where']}": "已核实" for f in report.findings_of("warning")}
    assert clerk.post(url(world.fgj, tail="submit/"), reasons).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"


def test_bad_figures_are_a_400_with_chinese_messages_and_write_nothing(world, frozen_today):
    clerk = client_for(world.fgj_clerk)
    clerk.post(url(world.fgj, tail="start/"))
    response = clerk.post(url(world.fgj, tail="save/"), {"licensing": "-3", "fees": "abc"})
    assert response.status_code == 400 and "请检查标出的填写项" in response.content.decode()
    assert AnnualReport.objects.get().entered == {}


def test_actions_refused_per_role(world, frozen_today):
    report = ready_draft(world)
    # a supervisor sees the workspace but may not act: 403 with the reason, nothing changes
    response = client_for(world.district_supervisor).post(url(world.fgj, tail="submit/"))
    assert response.status_code == 403 and "经办人" in response.content.decode()
    assert client_for(world.fgj_reviewer).post(url(world.fgj, tail="approve/")).status_code == 409
    assert client_for(world.jyj_clerk).post(url(world.fgj, tail="submit/")).status_code == 404
    report.refresh_from_db()
    assert report.status == "draft"


def test_public_sees_only_published_versions_with_downloads(world, frozen_today):
    portal_set(actor=None, organ=world.district, is_default=True)
    ready_draft(world)
    assert Client().get("/ndbg/" + f"{world.fgj.code}/2025/").status_code == 404
    assert "暂无已发布的年度报告" in Client().get("/ndbg/").content.decode()
    AnnualReport.objects.all().delete()
    report = published(world)
    listing = Client().get("/ndbg/").content.decode()
    assert "岭东区发展和改革局2025年政府信息公开工作年度报告" in listing
    page = Client().get(f"/ndbg/{world.fgj.code}/2025/").content.decode()
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in page
    assert 'colspan="5">法人或其他组织' in page
    for fmt in ("pdf", "docx", "json"):
        response = Client().get(f"/ndbg/{world.fgj.code}/2025/report.{fmt}")
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
        data = b"".join(response) if fmt != "json" else response.content
        back = json.loads(data) if fmt == "json" else read_report(data)
        for table in ("table2", "table3", "table4"):
            assert back[table] == {k: v for k, v in report.content[table].items() if k in back[table]}, (fmt, table)
        if fmt != "json":
            assert back["year"] == 2025 and back["agency"] == "岭东区发展和改革局"


def test_corrections_keep_both_versions_public(world, frozen_today):
    portal_set(actor=None, organ=world.district, is_default=True)
    first = published(world)
    correction = services.report_correct(actor=world.fgj_clerk, report=first, reason="更正行政许可数量")
    figures = {**FIGURES, "table2": {**FIGURES["table2"], "licensing": {"decisions": 15, "source": "审批系统"}}}
    correction = services.report_update(actor=world.fgj_clerk, report=correction, entered=figures)
    from .test_report_workflow import reasons

    correction = services.report_submit(actor=world.fgj_clerk, report=correction, warning_reasons=reasons(correction))
    correction = services.report_approve(actor=world.fgj_reviewer, report=correction)
    services.report_publish(actor=world.fgj_reviewer, report=correction, published_on=dt.date(2026, 1, 28))
    page = Client().get(f"/ndbg/{world.fgj.code}/2025/").content.decode()
    assert "这是当前有效的第2版（更正行政许可数量）" in page and "?version=1" in page
    old = Client().get(f"/ndbg/{world.fgj.code}/2025/?version=1").content.decode()
    assert "这是已被更正的第1版" in old
    old_json = json.loads(Client().get(f"/ndbg/{world.fgj.code}/2025/report.json?version=1").content)
    assert old_json["table2"]["licensing"]["decisions"] == 12
    assert Client().get(f"/ndbg/{world.fgj.code}/2025/?version=9").status_code == 404


def test_staff_can_download_a_draft_the_public_cannot(world, frozen_today):
    ready_draft(world)
    response = client_for(world.fgj_reviewer).get(url(world.fgj, tail="v1.json"))
    assert response.status_code == 200 and json.loads(response.content)["year"] == 2025
    assert_may_not(world.jyj_clerk, url(world.fgj, tail="v1.json"))


def test_annual_report_command_prints_one_json_object(world, frozen_today):
    ready_draft(world)
    out = io.StringIO()
    call_command("annual_report", "--organ", world.fgj.name, "--year", "2025", stdout=out)
    report = json.loads(out.getvalue())
    assert report["agency"] == "岭东区发展和改革局" and report["table2"]["licensing"]["decisions"] == 12
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="找不到机关"):
        call_command("annual_report", "--organ", "不存在", "--year", "2025")
    with pytest.raises(CommandError, match="尚未发布"):
        call_command("annual_report", "--organ", world.fgj.code, "--year", "2025", "--published")
    with pytest.raises(CommandError, match="--output"):
        call_command("annual_report", "--organ", world.fgj.code, "--year", "2025", "--format", "pdf")


def test_publishing_enters_the_report_in_the_catalogue_and_search(world, frozen_today):
    from gongkai.catalogue.services import columns_seed
    from gongkai.search.selectors import search

    portal_set(actor=None, organ=world.district, is_default=True)
    columns_seed(actor=None, organ=world.fgj)
    report = published(world)
    item = report.catalogue_item
    assert item.column.slug == "gknb" and item.title == "岭东区发展和改革局2025年政府信息公开工作年度报告"
    assert report.content["metadata"]["index_no"] == item.index_no
    page = Client().get(f"/ndbg/{world.fgj.code}/2025/").content.decode()
    assert item.index_no in page
    item_page = Client().get(f"/xxgk/{item.index_no}/").content.decode()
    assert f"/ndbg/{world.fgj.code}/2025/" in item_page
    assert any(hit.item == item for hit in search("年度报告").hits)


@pytest.mark.parametrize("path", ["/staff/reports/{code}/99999/", "/staff/reports/{code}/1990/",
                                  "/staff/reports/{code}/2099/start/"])
def test_impossible_years_are_404_not_500(world, frozen_today, path):
    method = "post" if path.endswith("start/") else "get"
    assert_may_not(world.fgj_clerk, path.format(code=world.fgj.code), method=method)


@pytest.mark.parametrize("year", ["99999", "-1", "abc"])
def test_the_index_ignores_impossible_years(world, frozen_today, year):
    body = assert_may(world.district_supervisor, f"/staff/reports/?year={year}").content.decode()
    assert "2025年度：共" in body
