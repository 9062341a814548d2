"""`manage.py import_remedies`: a good file, a bad file (every error, nothing written), --dry-run, an unknown
organ, and the service's permission check."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from gongkai.applications.tests.factories import registered_case
from gongkai.core.exceptions import PermissionDeniedError
from gongkai.core.models import EventLog, EventType
from gongkai.remedies import services
from gongkai.remedies.importing import parse
from gongkai.remedies.models import Lawsuit, Result, Review

pytestmark = pytest.mark.django_db
D = dt.date
HEADER = ["类型", "案号", "受理编号", "申请人", "复议机关或法院", "申请/起诉日期", "受理/立案日期", "收到副本日期",
          "答复/答辩日期", "决定/裁判日期", "结果", "复议案号"]


@pytest.fixture
def cases(world, frozen_today):
    a, _ = registered_case(world.fgj_clerk, world.fgj, received_on=D(2026, 3, 2))
    b, _ = registered_case(world.fgj_clerk, world.fgj, received_on=D(2026, 3, 3))
    other, _ = registered_case(world.jyj_clerk, world.jyj, received_on=D(2026, 3, 3))
    return a, b, other


def row(**kw):
    values = dict.fromkeys(HEADER, None) | kw
    return [values[h] for h in HEADER]


def xlsx(tmp_path, rows, name="remedies.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    path = tmp_path / name
    wb.save(path)
    return str(path)


def good_rows(a, b):
    return [
        # The lawsuit comes first and names the review two rows down.
        row(类型="复议后起诉", 案号="（2026）岭0502行初12号", 受理编号=a.tracking_no, 复议机关或法院="岭东区人民法院",
            **{"申请/起诉日期": D(2026, 7, 10), "复议案号": "岭复〔2026〕3号"}),
        row(类型="直接起诉", 案号="（2026）岭0502行初9号", 受理编号=b.tracking_no, 申请人="李四",
            复议机关或法院="岭东区人民法院", 结果="纠正",
            **{"申请/起诉日期": "2026/04/01", "受理/立案日期": D(2026, 4, 3), "收到副本日期": D(2026, 4, 7),
               "答复/答辩日期": D(2026, 4, 20), "决定/裁判日期": D(2026, 6, 30)}),
        row(类型="复议", 案号="岭复〔2026〕3号", 受理编号=a.tracking_no, 复议机关或法院="岭东区人民政府", 结果="维持",
            **{"申请/起诉日期": D(2026, 5, 6), "受理/立案日期": D(2026, 5, 8), "收到副本日期": D(2026, 5, 11),
               "答复/答辩日期": D(2026, 5, 20), "决定/裁判日期": D(2026, 7, 1)}),
        [None] * len(HEADER),  # blank rows are skipped
    ]


def test_good_file_imports(world, cases, tmp_path):
    a, b, _ = cases
    out, err = io.StringIO(), io.StringIO()
    call_command("import_remedies", xlsx(tmp_path, good_rows(a, b)), "--organ", world.fgj.code, stdout=out, stderr=err)
    assert "已为" in out.getvalue() and "导入 3 条记录（行政复议 1 件，行政诉讼 2 件）" in out.getvalue()
    assert "导入 [" in err.getvalue() and "100%" in err.getvalue()
    review = Review.objects.get()
    assert (review.organ, review.application, review.case_no, review.result) == (world.fgj, a, "岭复〔2026〕3号",
                                                                                   Result.UPHELD)
    assert review.imported and review.claimant == a.applicant_name and review.decided_on == D(2026, 7, 1)
    # 简易程序 (行政复议法第五十四条): copy received Mon 05-11 + 5 working days: 12, 13, 14, 15, 18.
    assert review.answer_due_on == D(2026, 5, 18) and review.procedure == "simple"
    after = Lawsuit.objects.get(kind="after_review")
    assert after.review == review and after.application == a and after.result == Result.PENDING
    direct = Lawsuit.objects.get(kind="direct")
    assert direct.claimant == "李四" and direct.filed_on == D(2026, 4, 1) and direct.answered_on == D(2026, 4, 20)
    # An imported 纠正 gets the same as one recorded here (行政复议法 第六十四条): no period in the file and no
    # 收到决定日期, so 20 working days from the 裁判日期 Tue 06-30: 07-01…03 (3), 06–10 (8), 13–17 (13),
    # 20–24 (18), 27, 28 (20) → 2026-07-28; and the application is reopened into the clerk's inbox.
    assert direct.result == Result.CORRECTED and direct.redo_due_on == D(2026, 7, 28)
    b.refresh_from_db()
    assert b.status == "processing" and b.due_on == D(2026, 7, 28) and b.reopened_on == D(2026, 6, 30)
    event = EventLog.objects.get(event_type__startswith="remedies.")
    assert event.event_type == EventType.REMEDIES_IMPORTED and event.organ == world.fgj and event.actor is None
    assert event.details["reviews"] == 1 and event.details["lawsuits"] == 2
    assert event.details["source"] == "remedies.xlsx" and len(event.details["records"]) == 3
    # Importing the same file again is refused: the 案号 are taken.
    with pytest.raises(CommandError, match="未导入任何记录"):
        call_command("import_remedies", xlsx(tmp_path, good_rows(a, b)), "--organ", world.fgj.name,
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert Review.objects.count() == 1 and Lawsuit.objects.count() == 2


def test_bad_file_lists_every_error_and_writes_nothing(world, cases, tmp_path):
    a, b, other = cases
    rows = [
        row(类型="复议", 案号="岭复1", 受理编号=a.tracking_no, 复议机关或法院="岭东区人民政府",
            **{"申请/起诉日期": D(2026, 5, 6)}),  # line 2: fine
        row(类型="诉讼", 案号="岭复2", 受理编号=a.tracking_no, 复议机关或法院="法院",
            **{"申请/起诉日期": "2026-02-30"}),  # line 3: two errors
        row(类型="复议", 案号="岭复3", 受理编号=other.tracking_no, 复议机关或法院="岭东区人民政府",
            **{"申请/起诉日期": D(2026, 5, 6)}),  # line 4: another organ's case
        row(类型="复议", 案号="岭复1", 受理编号=b.tracking_no, 复议机关或法院="岭东区人民政府",
            **{"申请/起诉日期": D(2026, 12, 1)}),  # line 5: duplicate 案号, future date
        row(类型="直接起诉", 案号="岭诉1", 受理编号=b.tracking_no, 复议机关或法院="岭东区人民法院", 结果="维持",
            **{"申请/起诉日期": D(2026, 5, 6), "受理/立案日期": D(2026, 5, 1), "收到副本日期": D(2026, 5, 8)}),
        row(类型="复议后起诉", 案号="岭诉2", 受理编号=b.tracking_no, 复议机关或法院="岭东区人民法院",
            **{"申请/起诉日期": D(2026, 7, 6), "复议案号": "岭复1"}),  # line 7: that review was for case a
        row(类型="复议", 案号="岭复9", 受理编号=b.tracking_no, 复议机关或法院="",
            **{"申请/起诉日期": D(2026, 5, 6), "结果": "驳回"}),  # line 8
    ]
    err = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何记录"):
        call_command("import_remedies", xlsx(tmp_path, rows), "--organ", world.fgj.code, stdout=io.StringIO(),
                     stderr=err)
    text = err.getvalue()
    for expected in (
        "第 3 行【类型】类型“诉讼”无效", "第 3 行【申请/起诉日期】日期“2026-02-30”无法识别",
        f"第 4 行【受理编号】{world.fgj.name}没有受理编号为“{other.tracking_no}”的申请",
        "第 5 行【案号】案号与第 2 行重复", "第 5 行【申请/起诉日期】申请/起诉日期不能晚于今天",
        "第 6 行【受理/立案日期】受理/立案日期不能早于申请/起诉日期",
        "第 6 行【决定/裁判日期】请填写决定/裁判日期",
        "第 7 行【复议案号】所选行政复议针对的是另一件申请",
        "第 8 行【复议机关或法院】不能为空", "第 8 行【结果】结果“驳回”无效",
    ):
        assert expected in text, (expected, text)
    assert not any(line.startswith("第 2 行") for line in text.splitlines())
    assert not Review.objects.exists() and not Lawsuit.objects.exists()
    assert not EventLog.objects.filter(event_type__startswith="remedies.").exists()


def test_dry_run_writes_nothing(world, cases, tmp_path):
    a, b, _ = cases
    out = io.StringIO()
    call_command("import_remedies", xlsx(tmp_path, good_rows(a, b)), "--organ", world.fgj.code, "--dry-run",
                 stdout=out, stderr=io.StringIO())
    assert "检查通过：3 条记录可以导入（试运行，未写入）" in out.getvalue()
    assert not Review.objects.exists() and not Lawsuit.objects.exists()
    assert not EventLog.objects.filter(event_type=EventType.REMEDIES_IMPORTED).exists()


def test_unknown_organ_missing_file_and_columns(world, cases, tmp_path):
    with pytest.raises(CommandError, match="没有代码或名称为“不存在的局”的机关"):
        call_command("import_remedies", xlsx(tmp_path, []), "--organ", "不存在的局")
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_remedies", str(tmp_path / "none.xlsx"), "--organ", world.fgj.code)
    wb = Workbook()
    wb.active.append(["案号", "受理编号"])
    wb.save(tmp_path / "few.xlsx")
    with pytest.raises(CommandError, match="缺少必需的列：类型、复议机关或法院、申请/起诉日期"):
        call_command("import_remedies", str(tmp_path / "few.xlsx"), "--organ", world.fgj.code)


def test_service_checks_the_actors_permission(world, cases, tmp_path):
    a, b, _ = cases
    from gongkai.core.importing import read_table

    parsed = parse(read_table(__import__("pathlib").Path(xlsx(tmp_path, good_rows(a, b)))))
    assert not parsed.errors and len(parsed.rows) == 3
    for user in (world.jyj_clerk, world.district_supervisor, world.nobody):
        with pytest.raises(PermissionDeniedError):
            services.remedies_import(actor=user, organ=world.fgj, rows=parsed.rows)
    created = services.remedies_import(actor=world.fgj_reviewer, organ=world.fgj, rows=parsed.rows, source="x")
    assert len(created) == 3
    event = EventLog.objects.get(event_type=EventType.REMEDIES_IMPORTED)
    assert event.actor == world.fgj_reviewer
