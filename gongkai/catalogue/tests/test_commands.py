"""import_items (CSV and Excel, all or nothing), the column chase, and the demo catalogue."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.catalogue.models import Interpretation, Item
from gongkai.catalogue.tests.factories import column, published
from gongkai.core.models import EventLog
from gongkai.search.selectors import search

pytestmark = pytest.mark.django_db

HEADER = ["索引号", "名称", "文号", "栏目", "主题分类", "体裁分类", "成文日期", "发布日期", "有效性", "废止日期",
          "替代文件", "正文", "被解读文件", "解读形式"]


def write_csv(tmp_path, rows, name="目录.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_items", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


GOOD = [
    ["", "关于印发岭东区2024年政务公开工作实施方案的通知", "岭政办发〔2024〕3号", "zcwj", "综合政务", "通知",
     "2024-03-08", "2024-03-12", "有效", "", "", "推进政务公开标准化规范化。", "", ""],
    ["", "2023年政务公开方案", "岭政办发〔2023〕2号", "行政法规、规章和规范性文件", "综合政务", "通知",
     "2023-03-01", "2023-03-05", "废止", "2024-03-12", "岭政办发〔2024〕3号", "旧方案。", "", ""],
    ["", "一图读懂2024年政务公开方案", "", "zcjd", "", "解读", "2024/3/12", "2024年3月14日", "", "", "", "图解。",
     "岭政办发〔2024〕3号", "图解"],
]


def test_csv_import_creates_published_indexed_linked_items(world, tmp_path, frozen_today):
    out, err = run(str(write_csv(tmp_path, GOOD)), "--organ", world.district.name)
    assert "已导入 3 条政府信息到岭东区人民政府" in out
    assert "导入 [" in err  # the progress bar
    plan = Item.objects.get(doc_no="岭政办发〔2024〕3号")
    old = Item.objects.get(doc_no="岭政办发〔2023〕2号")
    assert plan.status == Item.Status.PUBLISHED and plan.published_at.date() == dt.date(2024, 3, 12)
    code = world.district.code[8:17]
    assert (old.index_no, plan.index_no) == (f"{code}/2023-00001", f"{code}/2024-00001")  # by 发布日期
    assert Item.objects.get(genre="解读").index_no == f"{code}/2024-00002"
    assert old.validity == "repealed" and old.replaced_by == plan
    assert Interpretation.objects.get().policy == plan
    assert search("标准化").hits[0].item == plan
    assert EventLog.objects.filter(event_type="catalogue.items_imported").count() == 1


def test_bad_rows_are_all_reported_and_nothing_is_written(world, tmp_path, frozen_today):
    rows = [*GOOD, ["", "", "", "zcwj", "", "", "2024-01-01", "2024-01-02", "", "", "", "", "", ""],
            ["", "未来的文件", "", "zcwj", "", "", "2024-01-01", "2027-01-02", "", "", "", "", "", ""],
            ["", "引用不存在的文件", "", "zcjd", "", "", "2024-01-01", "2024-01-02", "", "", "", "", "岭政发〔1999〕1号",
             "文字"]]
    with pytest.raises(CommandError, match="共 2 处错误，未导入任何数据"):
        run(str(write_csv(tmp_path, rows)), "--organ", world.district.code)
    assert Item.objects.count() == 0
    rows = [*GOOD, rows[-1]]
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_items", str(write_csv(tmp_path, rows)), "--organ", world.district.code, stderr=err)
    assert "第 5 行【被解读文件】未找到文号或索引号为“岭政发〔1999〕1号”的文件。" in err.getvalue()
    assert Item.objects.count() == 0


def test_existing_index_numbers_are_kept_and_counters_move_past_them(world, tmp_path, frozen_today):
    code = world.district.code[8:17]
    rows = [[f"{code}/2026-00007", "已有索引号", "", "gzdt", "", "", "2026-11-01", "2026-11-02", "", "", "", "x",
             "", ""]]
    run(str(write_csv(tmp_path, rows)), "--organ", world.district.code)
    assert Item.objects.get().index_no == f"{code}/2026-00007"
    assert published(world.district).index_no == f"{code}/2026-00008"
    with pytest.raises(CommandError, match="1 处错误"):
        run(str(write_csv(tmp_path, rows)), "--organ", world.district.code)


def test_dry_run_writes_nothing(world, tmp_path, frozen_today):
    out, _ = run(str(write_csv(tmp_path, GOOD)), "--organ", world.district.code, "--dry-run")
    assert "检查通过：3 行可以导入（试运行，未写入）" in out
    assert Item.objects.count() == 0 and world.district.columns.count() == 0


def test_excel_import(world, tmp_path, frozen_today):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    row = list(GOOD[0])
    # Excel stores dates as naive datetimes.
    row[6], row[7] = dt.datetime(2024, 3, 8), dt.datetime(2024, 3, 12)  # noqa: DTZ001
    sheet.append(row)
    path = tmp_path / "目录.xlsx"
    book.save(path)
    out, _ = run(str(path), "--organ", world.district.code)
    assert "已导入 1 条" in out


@pytest.mark.parametrize("args, message", [
    (["/nonexistent.csv", "--organ", "岭东区人民政府"], "文件不存在"),
    (["FILE", "--organ", "没有这个机关"], "没有代码或名称为"),
])
def test_usage_errors(world, tmp_path, args, message):
    args = [str(write_csv(tmp_path, GOOD)) if a == "FILE" else a for a in args]
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_wrong_file_type(world, tmp_path):
    path = tmp_path / "目录.txt"
    path.write_text("x")
    with pytest.raises(CommandError, match="只支持 .csv 或 .xlsx"):
        run(str(path), "--organ", world.district.code)


def test_chase_reminds_owners_once_a_day(world, frozen_today):
    from gongkai.catalogue import services

    col = services.column_update(actor=None, column=column(world.district, "gzdt"), owner=world.district_column_owner)
    world.district_column_owner.email = "owner@example.gov.cn"
    world.district_column_owner.save()
    published(world.district, "gzdt", written_on=dt.date(2026, 11, 1))
    frozen_today.shift(dt.timedelta(days=20))
    out = io.StringIO()
    call_command("chase_overdue", "--only", "columns", stdout=out)
    assert "岭东区人民政府 · 工作动态：已 20 天未更新（更新周期 14 天" in out.getvalue()
    assert "→ district_column_owner" in out.getvalue()
    assert any("政府信息公开制度" in line and "空白栏目" in line for line in out.getvalue().splitlines())
    reminded = EventLog.objects.filter(event_type="catalogue.column_reminded", object_id=str(col.pk)).count()
    call_command("chase_overdue", "--only", "columns", stdout=io.StringIO())
    assert EventLog.objects.filter(event_type="catalogue.column_reminded", object_id=str(col.pk)).count() == reminded == 1
    assert len([m for m in mail.outbox if "工作动态" in m.subject]) <= 1


def test_demo_catalogue(world, settings, tmp_path):
    from gongkai.catalogue.demo import load_demo_catalogue
    from gongkai.catalogue.selectors import empty_columns, late_items, stale_columns
    from gongkai.organs.tests.factories import OrganFactory

    settings.MEDIA_ROOT = tmp_path
    organs = {"district": world.district, "fgj": world.fgj, "jyj": world.jyj,
              "czj": OrganFactory(name="岭东区财政局", parent=world.district),
              "zsjd": OrganFactory(name="岭东区中山街道办事处", parent=world.district)}
    today = dt.date(2026, 11, 25)
    created = load_demo_catalogue(organs, today=today)
    assert created > 300
    assert set(Item.objects.values_list("validity", flat=True)) == {"valid", "expired", "repealed", "amended"}
    assert set(Interpretation.objects.values_list("form", flat=True)) >= {"文字", "图解", "简明问答"}
    assert [s.column.slug for s in stale_columns(organs.values(), today=today)] == ["gzdt"]
    # 年报 columns fill when annual reports are published (gongkai.annual_reports), not from this demo.
    empty = [(s.column.organ.name, s.column.slug) for s in empty_columns(organs.values(), today=today)]
    assert [e for e in empty if e[1] != "gknb"] == [("岭东区中山街道办事处", "zdxm")]
    assert late_items(organs.values()).count() == 1
    district = Item.objects.filter(organ=world.district)
    assert set(district.values_list("published_at__year", flat=True)) == {2024, 2025, 2026}
    in_2024 = district.filter(published_at__year=2024)
    assert in_2024.filter(column__slug="zcwj").count() == 4 and in_2024.filter(column__slug="zcjd").count() == 3
    assert search("容缺受理").total >= 1  # text from a demo PDF attachment
    assert load_demo_catalogue(organs, today=today) == 0
