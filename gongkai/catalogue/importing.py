"""Reading an existing catalogue from CSV or Excel (`manage.py import_items`). Pure: rows in, cleaned
rows or a list of errors (line, field, Chinese message) out; nothing is written here.

The first row holds the headers, in Chinese, as the 目录 prints them; 名称, 栏目, 成文日期 and
发布日期 are required. A 解读 names the document it interprets in 被解读文件 (its 文号 or 索引号,
in the same file or already published) and may give its 解读形式.
"""

import csv
import datetime as dt
import io
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.core.untrusted import READ_ERRORS, UnreadableFile, open_zip, run_bounded

from .vocab import GENRES, INTERPRETATION_FORMS, is_topic

HEADERS = {
    "索引号": "index_no", "名称": "title", "文号": "doc_no", "栏目": "column", "主题分类": "topic",
    "体裁分类": "genre", "发布机构": "publisher", "成文日期": "written_on", "发文日期": "issued_on",
    "发布日期": "published_on", "主题词": "keywords", "内容概述": "summary", "有效性": "validity",
    "时效": "validity", "实施日期": "effective_on", "废止日期": "repealed_on", "替代文件": "replaced_by",
    "正文": "body", "被解读文件": "interprets", "解读形式": "interpretation_form",
}
LABELS = {v: k for k, v in reversed(list(HEADERS.items()))}
REQUIRED = ("title", "column", "written_on", "published_on")
DATE_FIELDS = ("written_on", "issued_on", "published_on", "effective_on", "repealed_on")
VALIDITY = {"有效": "valid", "现行有效": "valid", "失效": "expired", "废止": "repealed", "已废止": "repealed",
            "已修改": "amended", "修改": "amended", "": "valid"}
MAX_LENGTHS = {"title": 200, "doc_no": 60, "topic": 100, "publisher": 100, "keywords": 200, "index_no": 40}


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


def parse(table: list[list], *, columns: dict[str, object], today: dt.date) -> Parsed:
    """Check every row; `columns` maps a column's slug and name to the column."""
    result = Parsed()
    if not table:
        raise ImportFileError("文件是空的。")
    header = [str(h or "").strip().replace(" ", "") for h in table[0]]
    fields = [HEADERS.get(h) for h in header]
    missing = [LABELS[f] for f in REQUIRED if f not in fields]
    if missing:
        raise ImportFileError(f"缺少必需的列：{'、'.join(missing)}。")
    for offset, raw in enumerate(table[1:], start=2):
        if not any(str(v or "").strip() for v in raw):
            continue
        row, errors = {}, []
        for name, value in zip(fields, raw, strict=False):
            if name is None:
                continue
            row[name] = value if isinstance(value, dt.date) else str(value if value is not None else "").strip()

        def error(name, message, _errors=errors, _line=offset):
            _errors.append(RowError(_line, LABELS[name], message))

        check_cells(row, error, required=REQUIRED, max_lengths=MAX_LENGTHS, date_fields=DATE_FIELDS)
        if row.get("column"):
            column = columns.get(row["column"])
            if column is None:
                error("column", f"没有名为“{row['column']}”的栏目。")
            row["column"] = column
        validity = row.get("validity", "")
        if validity not in VALIDITY:
            error("validity", f"有效性“{validity}”无效，只能是有效、失效、废止或已修改。")
        row["validity"] = VALIDITY.get(validity, "valid")
        if row.get("genre") and row["genre"] not in GENRES:
            error("genre", f"体裁分类“{row['genre']}”无效。")
        if row.get("topic") and not is_topic(row["topic"].replace("/", "\\")):
            error("topic", f"主题分类“{row['topic']}”不在国务院公文主题分类中（写作“一级类目”或“一级类目\\二级类目”）。")
        elif row.get("topic"):
            row["topic"] = row["topic"].replace("/", "\\")
        form = row.get("interpretation_form", "")
        if form and form not in INTERPRETATION_FORMS:
            error("interpretation_form", f"解读形式“{form}”无效，只能是{'、'.join(INTERPRETATION_FORMS)}。")
        if form and not row.get("interprets"):
            error("interprets", "填写了解读形式，但没有填写被解读文件。")
        written, published = row.get("written_on"), row.get("published_on")
        if published and published > today:
            error("published_on", "发布日期不能晚于今天。")
        if written and published and published < written:
            error("published_on", "发布日期不能早于成文日期。")
        if row.get("issued_on") and written and row["issued_on"] < written:
            error("issued_on", "发文日期不能早于成文日期。")
        if row["validity"] in ("expired", "repealed") and not row.get("repealed_on"):
            error("repealed_on", "失效或废止的文件须填写废止日期。")
        if row.get("effective_on") and row.get("repealed_on") and row["repealed_on"] < row["effective_on"]:
            error("repealed_on", "废止日期不能早于实施日期。")
        if errors:
            result.errors.extend(errors)
        else:
            result.rows.append((offset, row))
    return result
