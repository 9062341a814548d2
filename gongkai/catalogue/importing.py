"""Reading an existing catalogue from CSV or Excel (`manage.py import_items`). Pure: rows in, cleaned
rows or a list of errors (line, field, Chinese message) out; nothing is written here.

The first row holds the headers, in Chinese, as the 目录 prints them; 名称, 栏目, 成文日期 and
发布日期 are required. A 解读 names the document it interprets in 被解读文件 (its 文号 or 索引号,
in the same file or already published) and may give its 解读形式.

Reading the file and checking cells is core's (`gongkai.core.importing`, shared with the imports of
remedies and applications); the names are re-exported here for the catalogue's command and services.
"""

import datetime as dt

from gongkai.core.importing import ImportFileError, Parsed, RowError, check_cells, read_table  # noqa: F401

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
