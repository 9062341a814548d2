"""`python manage.py import_applications FILE.xlsx --organ NAME_OR_CODE [--dry-run]`

Brings an organ's open cases into Gongkai when it starts using it. All or nothing: every row is
checked; if any row is wrong, nothing is written and every wrong row is listed (Excel row numbers).
The first sheet's first row holds the headers (Chinese, see HEADERS); enumerations accept the
Chinese label or the code. Imported cases get a new 查询码 each, printed at the end (unless
--dry-run) so the organ can tell the applicants.
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.intake import IntakeError, parse_date
from gongkai.applications.models import ApplicantKind, Channel, Delivery, IdType, InfoForm
from gongkai.core.importing import ImportFileError, read_table
from gongkai.organs.selectors import find_organ

# header → field
HEADERS = {
    "受理编号": "tracking_no", "收到日期": "received_on", "申请渠道": "channel", "申请人类型": "applicant_kind",
    "申请人姓名或名称": "applicant_name", "证件类型": "id_type", "证件号码": "id_number", "联系人": "contact_person",
    "联系电话": "phone", "电子邮箱": "email", "通信地址": "address", "邮政编码": "postcode",
    "申请内容": "description", "文号": "doc_no", "信息形式": "info_form", "获取方式": "delivery",
    "延期工作日": "extension_days",
}
REQUIRED = ("收到日期", "申请渠道", "申请人类型", "申请人姓名或名称", "证件类型", "证件号码", "申请内容", "信息形式", "获取方式")
CHOICES = {"channel": Channel, "applicant_kind": ApplicantKind, "id_type": IdType, "info_form": InfoForm,
           "delivery": Delivery}


class RollBack(Exception):
    pass


def _choice(field: str, value: str) -> str:
    enum = CHOICES[field]
    for code, label in enum.choices:
        if value in (code, str(label)):
            return code
    return value  # left for the service to refuse with its message


class Command(BaseCommand):
    help = "从 Excel 导入尚未办结的政府信息公开申请（全部成功才写入）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="Excel 文件（.xlsx）")
        parser.add_argument("--organ", required=True, help="受理机关的名称或机关代码")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入。")

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done == total else ""
        self.stdout.write(f"\r导入进度 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=end)
        self.stdout.flush()

    def handle(self, *args, file: str, organ: str, dry_run: bool = False, **options):
        target = find_organ(organ)
        if target is None:
            raise CommandError(f"找不到机关“{organ}”（请用机关全称或机关代码）。")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise CommandError("只支持 .xlsx 格式的 Excel 文件。")
        try:  # the same bounded reading as every other import (size, rows, a worker with limits)
            rows = read_table(path)
        except ImportFileError as exc:
            raise CommandError(f"无法读取 Excel 文件 {file}：{exc}") from None
        if not rows:
            raise CommandError("文件是空的。")
        header = [str(c or "").strip() for c in rows[0]]
        missing = [h for h in REQUIRED if h not in header]
        if missing:
            raise CommandError("缺少列：" + "、".join(missing))
        body = [(i + 2, r) for i, r in enumerate(rows[1:]) if any(c not in (None, "") for c in r)]
        today = timezone.localdate()
        errors: list[str] = []
        created = []
        try:
            with transaction.atomic():
                for done, (line, row) in enumerate(body, start=1):
                    values = {HEADERS[h]: row[i] for i, h in enumerate(header) if h in HEADERS and i < len(row)}
                    try:
                        with transaction.atomic():
                            created.append(self._import_row(target, values, today))
                    except IntakeError as exc:
                        errors += [f"第{line}行 {f}：{m}" for f, m in exc.errors.items()]
                    except Exception as exc:  # noqa: BLE001 — report the row and keep checking the others
                        errors.append(f"第{line}行：{exc}")
                    self._progress(done, len(body))
                if errors or dry_run:
                    raise RollBack
        except RollBack:
            pass
        if errors:
            for e in errors:
                self.stderr.write(e)
            raise CommandError(f"共{len(errors)}处错误，未导入任何申请。")
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"检查通过：{len(created)}件申请可以导入（试运行，未写入）。"))
            return
        for app, code in created:
            self.stdout.write(f"  {app.tracking_no}  查询码 {code}  答复期限 {app.due.text if app.due else '—'}")
        self.stdout.write(self.style.SUCCESS(f"已为{target.name}导入{len(created)}件申请。"))

    def _import_row(self, organ, values: dict, today: dt.date):
        data = {k: ("" if v is None else str(v).strip()) for k, v in values.items()
                if k not in ("received_on", "extension_days", "tracking_no")}
        for field in CHOICES:
            if field in data:
                data[field] = _choice(field, data[field])
        received_on = parse_date(values.get("received_on"), "received_on", "收到日期")
        ext = values.get("extension_days") or 0
        try:
            ext = int(ext)
        except (TypeError, ValueError):
            raise IntakeError({"extension_days": f"延期工作日“{ext}”不是整数。"}) from None
        if not 0 <= ext <= 20:
            raise IntakeError({"extension_days": "延期工作日应为0至20。"})
        return services.application_import(
            organ=organ, data=data, channel=data.pop("channel", ""), received_on=received_on, today=today,
            tracking_no=str(values.get("tracking_no") or "").strip() or None, extension_days=ext)


