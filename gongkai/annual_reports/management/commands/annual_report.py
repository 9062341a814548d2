"""`python manage.py annual_report --organ NAME_OR_CODE --year YYYY [--format json|html|docx|pdf]
[--output PATH] [--published]`: an organ's 年度报告 computed from the current records (or, with
--published, the current published version). With --format json and no --output it prints exactly
one JSON object on standard output."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.organs.selectors import find_organ

from ...compute import compute_report, first_draft_sections
from ...export import render_docx, render_html_fragment, render_pdf
from ...selectors import current_published, open_version


class Command(BaseCommand):
    help = "计算（或导出已发布的）年度报告。"

    def add_arguments(self, parser):
        parser.add_argument("--organ", required=True, help="机关代码或全称")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", default="json", choices=["json", "html", "docx", "pdf"])
        parser.add_argument("--output", help="写入文件（DOCX、PDF必须指定）")
        parser.add_argument("--published", action="store_true", help="输出当前已发布的版本")

    def handle(self, *args, organ: str, year: int, format: str, output: str | None, published: bool, **options):
        found = find_organ(organ)
        if found is None:
            raise CommandError(f"找不到机关“{organ}”：请使用机关代码或全称。")
        if published:
            report = current_published(found, year)
            if report is None:
                raise CommandError(f"{found.name}{year}年度报告尚未发布。")
            content = report.content
        else:
            working = open_version(found, year) or current_published(found, year)
            entered = working.entered if working else {}
            sections = working.sections if working else first_draft_sections(found, year, entered)
            content = compute_report(found, year, entered=entered, sections=sections)

        if format == "json":
            text = json.dumps(content, ensure_ascii=False, indent=2)
        elif format == "html":
            text = ('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body>'
                    + render_html_fragment(content) + "</body></html>")
        elif output is None:
            raise CommandError(f"{format.upper()} 是二进制文件，请用 --output 指定保存路径。")
        else:
            text = None
        if output is None:
            self.stdout.write(text)
            return
        data = text.encode("utf-8") if text is not None else (
            render_docx(content) if format == "docx" else render_pdf(content))
        Path(output).write_bytes(data)
        errors = sum(1 for f in content["findings"] if f["severity"] == "error")
        self.stderr.write(f"已写入 {output}（错误{errors}条）")
