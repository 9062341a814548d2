import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from gongkai.applications.models import Application
from gongkai.core.models import EventLog

from .factories import ID_CARD

pytestmark = pytest.mark.django_db

HEADER = ["受理编号", "收到日期", "申请渠道", "申请人类型", "申请人姓名或名称", "证件类型", "证件号码", "联系人",
          "联系电话", "电子邮箱", "通信地址", "邮政编码", "申请内容", "文号", "信息形式", "获取方式", "延期工作日"]


def row(n, **kw):
    values = {"受理编号": f"LD2026-{n:03d}", "收到日期": dt.date(2026, 11, 2), "申请渠道": "挂号信（需签收）",
              "申请人类型": "自然人", "申请人姓名或名称": f"申请人{n}", "证件类型": "居民身份证", "证件号码": ID_CARD,
              "联系人": "", "联系电话": "13800000000", "电子邮箱": "", "通信地址": "岭东区", "邮政编码": "",
              "申请内容": f"第{n}份文件的名称", "文号": "", "信息形式": "纸质文本", "获取方式": "邮寄", "延期工作日": 0}
    values.update(kw)
    return [values[h] for h in HEADER]


def workbook(tmp_path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    path = tmp_path / "cases.xlsx"
    wb.save(path)
    return str(path)


def test_import_all_rows_with_progress(world, frozen_today, tmp_path):
    path = workbook(tmp_path, [row(1), row(2, 延期工作日=10, 收到日期="2026/11/03"), row(3, 申请渠道="in_person")])
    out = io.StringIO()
    call_command("import_applications", path, "--organ", world.district.name, stdout=out)
    text = out.getvalue()
    assert "导入进度 [" in text and "3/3" in text and "已为岭东区人民政府导入3件申请" in text
    app = Application.objects.get(tracking_no="LD2026-002")
    # Received 11-03 + 20 + 10 working days: 04–06 (3), 09–13 (8), 16–20 (13), 23–27 (18), 30 (19), 12-01 (20),
    # 02–04 (23), 07–11 (28), 14, 15 (30).
    assert app.imported and app.due_on == dt.date(2026, 12, 15) and app.extension_days == 10


def test_import_is_all_or_nothing_and_lists_every_bad_row(world, frozen_today, tmp_path):
    path = workbook(tmp_path, [row(1), row(2, 收到日期="2026-02-30"), row(3, 证件号码="123"), row(4)])
    events_before = EventLog.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何申请"):
        call_command("import_applications", path, "--organ", world.district.code, stdout=io.StringIO(), stderr=err)
    assert "第3行 received_on：收到日期“2026-02-30”不是有效日期" in err.getvalue()
    assert "第4行 id_number：居民身份证号码不正确" in err.getvalue()
    assert Application.objects.count() == 0 and EventLog.objects.count() == events_before


def test_import_dry_run_writes_nothing(world, frozen_today, tmp_path):
    out = io.StringIO()
    call_command("import_applications", workbook(tmp_path, [row(1), row(2)]), "--organ", world.district.code,
                 "--dry-run", stdout=out)
    assert "检查通过：2件申请可以导入" in out.getvalue() and Application.objects.count() == 0


def test_import_unknown_organ_or_file(world, tmp_path):
    with pytest.raises(CommandError, match="找不到机关"):
        call_command("import_applications", "x.xlsx", "--organ", "不存在的机关")
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_applications", str(tmp_path / "none.xlsx"), "--organ", world.district.code)
