"""Reading a table file for an import (`manage.py import_items`, `import_remedies`, `import_applications` and
their upload forms). Pure: a CSV (UTF-8 or GB18030) or XLSX file in, rows out; cells checked the same way by
every import (required, lengths, dates); nothing is written here. The file is untrusted: bounded in size and
rows, an XLSX checked as a ZIP and read in a bounded worker (`gongkai.core.untrusted`); any failure is an
ImportFileError in Chinese.
"""

import csv
import datetime as dt
import io
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .untrusted import READ_ERRORS, UnreadableFile, open_zip, run_bounded


@dataclass(frozen=True)
class RowError:
    line: int
    field: str  # the Chinese header
    message: str

    def __str__(self) -> str:
        return f"第 {self.line} 行【{self.field}】{self.message}"


@dataclass
class Parsed:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class ImportFileError(Exception):
    """The file as a whole cannot be read (Chinese message)."""


def parse_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = (re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+[\d:]+)?", text)
             or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text))
    if not match:
        raise ValueError(text)
    return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def check_cells(row: dict, error, *, required, max_lengths: dict, date_fields) -> None:
    """The checks every import makes of a row's cells: required cells filled, lengths within bounds,
    dates readable (parsed in place; an unreadable one becomes None). `error(name, message)` records."""
    for name in required:
        if not row.get(name):
            error(name, "不能为空。")
    for name, limit in max_lengths.items():
        if len(str(row.get(name, ""))) > limit:
            error(name, f"不能超过{limit}个字符。")
    for name in date_fields:
        try:
            row[name] = parse_date(row.get(name))
        except ValueError:
            error(name, f"日期“{row.get(name)}”无法识别，请写成 2024-03-05。")
            row[name] = None


MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_IMPORT_ROWS = 100_000


def read_table(path: Path) -> list[list]:
    """All rows of a .csv (UTF-8 or GB18030) or .xlsx file, headers first. The file is untrusted: at most
    MAX_IMPORT_BYTES and MAX_IMPORT_ROWS, an XLSX checked as a ZIP and read in a bounded worker
    (gongkai.core.untrusted); any failure is an ImportFileError in Chinese."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise ImportFileError("只支持 .csv 或 .xlsx 文件。")
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise ImportFileError(f"文件超过 {MAX_IMPORT_BYTES // (1024 * 1024)} MB 的上限。")
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"无法打开文件：{exc.strerror or exc}") from None
    return read_table_bytes(raw, suffix)


def read_table_bytes(raw: bytes, suffix: str) -> list[list]:
    """read_table for bytes already in hand (an upload): the same limits and the same bounded reading."""
    suffix = suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise ImportFileError("只支持 .csv 或 .xlsx 文件。")
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFileError(f"文件超过 {MAX_IMPORT_BYTES // (1024 * 1024)} MB 的上限。")
    if suffix == ".csv":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError("无法识别 CSV 文件的编码，请保存为 UTF-8。")
        try:
            rows = list(itertools.islice(csv.reader(io.StringIO(text)), MAX_IMPORT_ROWS + 1))
        except csv.Error as exc:
            raise ImportFileError(f"CSV 文件格式有误：{exc}") from None
    else:
        try:
            open_zip(raw, what="Excel 文件").close()
            rows = run_bounded(_xlsx_rows, raw)
        except UnreadableFile as exc:
            raise ImportFileError(exc.message_zh) from None
    if len(rows) > MAX_IMPORT_ROWS:
        raise ImportFileError(f"文件超过 {MAX_IMPORT_ROWS} 行的上限，请分批导入。")
    return rows


def _xlsx_rows(raw: bytes) -> list[list]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [list(r) for r in itertools.islice(sheet.iter_rows(values_only=True), MAX_IMPORT_ROWS + 1)]
        book.close()
    except READ_ERRORS:
        raise UnreadableFile("无法读取该 Excel 文件，请确认是 .xlsx 格式。") from None
    return rows
