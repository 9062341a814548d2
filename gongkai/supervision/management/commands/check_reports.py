"""`python manage.py check_reports --organ NAME_OR_CODE --year YYYY`: run the annual-report checks on every
report of the organ's subtree (Gongkai's own published version, or the latest saved ReportFile for organs
publishing elsewhere), store each result for the 考评 年度报告 indicators, and print a summary.

Exit status 0 whenever it ran, whatever it found; a usage error (unknown organ, bad year) exits non-zero
with a Chinese message."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.annual_reports.format import REPORT_YEAR_RANGE_MESSAGE, valid_report_year
from gongkai.core.events import SYSTEM
from gongkai.core.progress import ProgressBar
from gongkai.organs.selectors import find_organ

from ...services import reports_audit


class Command(BaseCommand):
    help = "批量审核机关及其下级机关的政府信息公开工作年度报告。"

    def add_arguments(self, parser):
        parser.add_argument("--organ", required=True, help="机关代码或全称（审核该机关及其全部下级机关）")
        parser.add_argument("--year", required=True, help="报告年度，如 2025")

    def handle(self, *args, organ: str, year: str, **options):
        found = find_organ(organ)
        if found is None:
            raise CommandError(f"找不到机关“{organ}”：请使用机关代码或全称。")
        try:
            year_n = int(year)
        except ValueError:
            raise CommandError(f"报告年度“{year}”无效，请写四位年份，如 2025。") from None
        if not valid_report_year(year_n, timezone.localdate()):
            raise CommandError(REPORT_YEAR_RANGE_MESSAGE.format(year=year_n))
        result = reports_audit(actor=SYSTEM, organ=found, year=year_n,
                               progress=ProgressBar(self.stderr, "审核年度报告"))
        errors = sum(a.errors for a in result.audited)
        warnings = sum(a.warnings for a in result.audited)
        self.stdout.write(f"{found.name}及下级机关{year_n}年度报告：审核{len(result.audited)}份，"
                          f"错误{errors}条，警告{warnings}条；未找到报告{len(result.missing)}个机关。")
        for audit in result.audited:
            self.stdout.write(f"  {audit.organ.name}（{audit.get_source_display()}）：错误{audit.errors}条，"
                              f"警告{audit.warnings}条")
        for missing in result.missing:
            self.stdout.write(f"  {missing.name}：未发布，也没有保存外部发布的报告")
