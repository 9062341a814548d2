"""Reading existing 复议/诉讼 records from Excel (`manage.py import_remedies`). Pure: rows in, cleaned rows or
a list of errors (line, column, Chinese message) out; nothing is read from or written to the database here.

The first sheet's first row holds the headers, in Chinese (HEADERS). 类型, 案号, 受理编号, 复议机关或法院 and
申请/起诉日期 are required; 复议后起诉 rows also name the 复议案号 they followed (a row of the same file or a
review already in Gongkai). 结果 is 维持, 纠正, 其他 or 尚未审结 (empty = 尚未审结).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gongkai.core.importing import (
    ImportFileError,
    Parsed,
    RowError,
    check_cells,
    read_table,
    read_table_bytes,
)

from .models import Result

__all__ = ["HEADERS", "LABELS", "ImportFileError", "Parsed", "RowError", "parse", "read_rows", "read_upload"]

HEADERS = {
    "类型": "kind", "案号": "case_no", "受理编号": "tracking_no", "申请人": "claimant",
    "复议机关或法院": "body", "复议机关/人民法院": "body", "申请/起诉日期": "filed_on", "受理/立案日期": "accepted_on",
    "收到副本日期": "copy_received_on", "答复/答辩日期": "answered_on", "决定/裁判日期": "decided_on",
    "结果": "result", "复议案号": "review_case_no", "备注": "note",
    "审理程序": "procedure", "收到决定日期": "decision_received_on",
    "重新答复期限（工作日）": "redo_period_days", "重新答复期限(工作日)": "redo_period_days",
    "重新答复日期": "redo_done_on",
}
LABELS = {v: k for k, v in reversed(list(HEADERS.items()))}
REQUIRED = ("kind", "case_no", "tracking_no", "body", "filed_on")
DATE_FIELDS = ("filed_on", "accepted_on", "copy_received_on", "answered_on", "decided_on", "decision_received_on",
               "redo_done_on")
PROCEDURES = {"": "simple", "简易": "simple", "简易程序": "simple", "普通": "ordinary", "普通程序": "ordinary"}
KINDS = {"复议": "review", "行政复议": "review", "直接起诉": "direct", "未经复议直接起诉": "direct",
         "复议后起诉": "after_review", "经复议后起诉": "after_review"}
RESULTS = {str(label): code for code, label in Result.choices} | {"": Result.PENDING}
MAX_LENGTHS = {"case_no": 100, "claimant": 100, "body": 100, "review_case_no": 100}


def read_rows(path: Path) -> list[list]:
    """All rows of the first sheet of an .xlsx file, headers first."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ImportFileError("只支持 .xlsx 格式的 Excel 文件。")
    return read_table(path)


def read_upload(name: str, data: bytes) -> list[list]:
    """The rows of an uploaded .xlsx file (the same checks and bounded reading as read_rows)."""
    suffix = Path(name or "").suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        raise ImportFileError("只支持 .xlsx 格式的 Excel 文件。")
    return read_table_bytes(data, suffix)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a cell: 受理编号 123 reads back as 123.0
    return str(value).strip()


def parse(table: list[list]) -> Parsed:
    """Check each row on its own (required columns, dates, 类型, 结果, lengths)."""
    if not table:
        raise ImportFileError("文件是空的。")
    header = [_text(h).replace(" ", "") for h in table[0]]
    fields = [HEADERS.get(h) for h in header]
    missing = [LABELS[f] for f in REQUIRED if f not in fields]
    if missing:
        raise ImportFileError(f"缺少必需的列：{'、'.join(missing)}。")
    result = Parsed()
    for line, raw in enumerate(table[1:], start=2):
        if not any(_text(v) for v in raw):
            continue
        row: dict = {}
        for name, value in zip(fields, raw, strict=False):
            if name is not None:
                row[name] = value if isinstance(value, dt.date) else _text(value)
        errors: list[RowError] = []

        def error(name, message, _errors=errors, _line=line):
            _errors.append(RowError(_line, LABELS[name], message))

        check_cells(row, error, required=REQUIRED, max_lengths=MAX_LENGTHS, date_fields=DATE_FIELDS)
        kind = row.get("kind", "")
        if kind and kind not in KINDS:
            error("kind", f"类型“{kind}”无效，只能是复议、直接起诉或复议后起诉。")
        row["kind"] = KINDS.get(kind, "")
        outcome = row.get("result", "")
        if outcome not in RESULTS:
            error("result", f"结果“{outcome}”无效，只能是维持、纠正、其他或尚未审结。")
        row["result"] = RESULTS.get(outcome, Result.PENDING)
        procedure = row.get("procedure", "")
        if procedure not in PROCEDURES:
            error("procedure", f"审理程序“{procedure}”无效，只能是简易程序或普通程序。")
        row["procedure"] = PROCEDURES.get(procedure, "simple")
        period = row.get("redo_period_days", "")
        row["redo_period_days"] = None
        if period:
            if not str(period).isdigit() or not 1 <= int(period) <= 365:
                error("redo_period_days", f"重新答复期限“{period}”无效，应为1至365的整数（工作日）。")
            else:
                row["redo_period_days"] = int(period)
        if row["kind"] == "after_review" and not row.get("review_case_no"):
            error("review_case_no" if "review_case_no" in fields else "kind", "复议后起诉的，请填写此前行政复议的案号。")
        if errors:
            result.errors += errors
        else:
            result.rows.append((line, row))
    return result
