"""Enter a year's 放假安排 from a text file (structured lines or the pasted 国务院办公厅 notice).

    python manage.py enter_holidays --year 2027 --file notice.txt \
        [--source "国办发明电〔2026〕…号"] [--published-on 2026-11-10] [--region 230502] [--dry-run]

The file format is described in `gongkai.workdays.parsing`. Runs as the system (actor=SYSTEM), through
the same service as the staff page, so the change is checked and recorded in the EventLog.
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.events import SYSTEM
from gongkai.core.exceptions import ApplicationError
from gongkai.workdays import parsing, services


class Command(BaseCommand):
    help = "录入某年度的放假安排（国务院办公厅通知或地方规定）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2027")
        parser.add_argument("--file", required=True, help="放假安排文本文件（UTF-8），“-”表示标准输入")
        parser.add_argument("--source", default="", help="通知文号或标题；省略时从通知原文中查找")
        parser.add_argument("--published-on", default="", help="通知发布日期 YYYY-MM-DD；省略时从落款日期读取")
        parser.add_argument("--region", default="", help="行政区划代码（地方节假日）；省略表示全国")
        parser.add_argument("--incomplete", action="store_true", help="只录入了部分安排（该年度仍视为无数据）")
        parser.add_argument("--dry-run", action="store_true", help="只检查和显示，不写入")

    def handle(self, *args, **opts):
        year = opts["year"]
        text = self._read(opts["file"])
        try:
            parsed = parsing.parse_notice(text, year)
        except parsing.NoticeError as exc:
            raise CommandError("放假安排有误：\n" + "\n".join(exc.errors)) from None
        found_source, found_date = parsing.notice_source(parsed)
        source = opts["source"].strip() or found_source
        if not source:
            raise CommandError("请用 --source 指定通知文号或标题。")
        published_on = self._date(opts["published_on"]) if opts["published_on"] else found_date
        if published_on is None:
            raise CommandError("请用 --published-on 指定通知发布日期（YYYY-MM-DD）。")
        try:
            region = services.clean_region_code(opts["region"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from None

        where = f"地区 {region}" if region else "全国"
        self.stdout.write(f"{year}年放假安排（{where}）— {source}，{published_on:%Y-%m-%d}")
        for h in parsed.holidays:
            span = f"{h.start:%Y-%m-%d}" + (f" 至 {h.end:%Y-%m-%d}" if h.end != h.start else "")
            self.stdout.write(f"  放假 {span} {h.name}（{len(h.days())}天）")
        for w in parsed.workdays:
            self.stdout.write(f"  上班 {w.date:%Y-%m-%d}（{parsing.WEEKDAYS[w.date.weekday()]}）{w.name}")

        if opts["dry_run"]:
            errors = parsing.check_year(year, parsed.holidays, parsed.workdays, national=not region)
            if not errors and not region and not opts["incomplete"]:
                missing = parsing.missing_festivals(year, parsed.holidays, parsed.workdays)
                errors = [parsing.completeness_error(year, missing)] if missing else []
            if errors:
                raise CommandError("放假安排有误：\n" + "\n".join(errors))
            self.stdout.write("试运行：检查通过，未写入。")
            return
        try:
            record = services.calendar_year_enter(
                actor=SYSTEM, year=year, source_document=source, published_on=published_on,
                holidays=parsed.holidays, workdays=parsed.workdays, region_code=region,
                complete=not opts["incomplete"], source_text=text,
            )
        except ApplicationError as exc:
            raise CommandError("放假安排有误：\n" + "\n".join(exc.extra.get("errors") or [exc.message])) from None
        self.stdout.write(self.style.SUCCESS(
            f"已录入{record}：放假{len(parsed.holidays)}项，调休上班{len(parsed.workdays)}天。"
        ))
        from gongkai.workdays.models import CalendarRevision

        revision = CalendarRevision.objects.order_by("-id").first()
        if revision is not None:
            self.stdout.write(f"期限重新计算（第{revision.pk}版）：{revision.cases_done}/{revision.cases_total or 0}项，"
                              f"其中{revision.cases_changed}项有变化。")

    def _read(self, name: str) -> str:
        if name == "-":
            import sys

            return sys.stdin.read()
        path = Path(name)
        try:
            return path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{name}") from None
        except UnicodeDecodeError:
            raise CommandError(f"文件不是 UTF-8 编码：{name}") from None
        except OSError as exc:
            raise CommandError(f"无法读取文件 {name}：{exc.strerror}") from None

    def _date(self, value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise CommandError(f"日期“{value}”无效，应为 YYYY-MM-DD。") from None
