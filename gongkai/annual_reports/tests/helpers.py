"""Shared test helpers: the corpus location, truth files mapped to codes, report builders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.annual_reports.reading.template import (
    T2_ROWS,
    T3_COLUMN_LABELS,
    T3_COLUMNS,
    T3_ROW_LABELS,
    T3_ROWS,
    T3_ROWS_COMBINED,
    T4_COLUMNS,
    T4_GROUPS,
)

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "000_3b6d8eb9ad11ab1a.txt"

needs_shared = pytest.mark.skipif(
    not (CORPUS / "truth").is_dir(),
    reason=f"the shared corpus is absent ({CORPUS}); it lives beside the repository clone as ../shared",
)

T2_LABELS = {"regulations": "规章", "normative_documents": "行政规范性文件", "licensing": "行政许可",
             "penalties": "行政处罚", "coercion": "行政强制", "fees": "行政事业性收费"}
T2_COLUMN_PREFIX = {"issued": "本年制发", "repealed": "本年废止", "in_force": "现行有效",
                    "decisions": "本年处理决定", "amount_wan_yuan": "本年收费金额"}


def truth_ids() -> list[str]:
    if not (CORPUS / "truth").is_dir():
        return []
    return sorted(p.stem for p in (CORPUS / "truth").glob("*.json"))


def load_truth(rid: str) -> dict:
    return json.loads((CORPUS / "truth" / f"{rid}.json").read_text(encoding="utf-8"))


def raw_path(rid: str) -> Path:
    return next(p for p in (CORPUS / "raw").iterdir() if p.name.startswith(rid + "."))


def truth_tables(truth: dict) -> dict:
    """The truth file in the report JSON's codes (rows mapped by position)."""
    t3 = truth["table3"]
    order = {25: T3_ROWS, 23: T3_ROWS_COMBINED}[len(t3)]
    table3 = dict(zip(order, t3.values(), strict=True))
    t4 = truth.get("table4")
    table4 = None if t4 is None else {
        g: dict(zip(T4_COLUMNS, t4[i * 5:i * 5 + 5], strict=True)) for i, g in enumerate(T4_GROUPS)}
    t2 = truth.get("table2")
    table2 = None
    if t2 is not None:
        table2 = {}
        for code, _keys, cols in T2_ROWS:
            row = t2.get(T2_LABELS[code], {})
            table2[code] = {c: next((v for k, v in row.items() if k.startswith(T2_COLUMN_PREFIX[c])), None)
                            for c in cols}
    return {"table2": table2, "table3": table3, "table4": table4}


def assert_tables_equal(report: dict, expected: dict, blank_as_zero: bool = False) -> None:
    """Every cell of tables 二, 三, 四 equals the expected one (None stays None)."""
    def same(got, want):
        if want is None:
            return got is None or (blank_as_zero and got == 0)
        return got is not None and not isinstance(got, bool) and abs(got - want) < 1e-9

    bad = []
    for code, want in expected["table3"].items():
        got = (report["table3"] or {}).get(code)
        for i, col in enumerate(T3_COLUMNS):
            g = got[i] if got else "missing"
            if g == "missing" or not same(g, want[i]):
                bad.append(f"table3.{code}.{col}: want {want[i]} got {g}")
    if report["table3"] is not None:
        assert set(report["table3"]) == set(expected["table3"]), "table3 rows differ"
    if expected["table4"] is None:
        assert report["table4"] is None
    else:
        for g, cols in expected["table4"].items():
            for c, want in cols.items():
                got = report["table4"][g][c]
                if not same(got, want):
                    bad.append(f"table4.{g}.{c}: want {want} got {got}")
    if expected["table2"] is None:
        assert report["table2"] is None
    else:
        for row, cols in expected["table2"].items():
            for c, want in cols.items():
                got = ((report["table2"] or {}).get(row) or {}).get(c, "missing")
                if got == "missing" or not same(got, want):
                    bad.append(f"table2.{row}.{c}: want {want} got {got}")
    assert not bad, "\n".join(bad)


# ------------------------------------------------------------------ report builders

def _cell(v) -> str:
    return "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))


def report_parts(expected: dict, *, agency: str = "岭东区人民政府", year: int = 2024) -> dict:
    """Labels and rows of a report with the expected tables, for the builders below."""
    t2rows = []
    for code, cols in (expected["table2"] or {}).items():
        t2rows.append((T2_LABELS[code], [cols[c] for c in cols]))
    t3rows = []
    for code, vals in expected["table3"].items():
        t3rows.append((T3_ROW_LABELS[code], vals))
    t4 = [expected["table4"][g][c] for g in T4_GROUPS for c in T4_COLUMNS]
    return {"title": f"{agency}{year}年政府信息公开工作年度报告", "t2": t2rows, "t3": t3rows, "t4": t4,
            "intro": f"本年度共收到政府信息公开申请{_cell(expected['table3']['received_new'][6])}件。"}


T4_HEADER = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3


def pasted_text(expected: dict, style: str) -> str:
    """A report as pasted web text: 'pipe-cells' (one cell a line, '|'), 'markdown', 'tabs', 'lines'."""
    p = report_parts(expected)

    def row(cells: list[str]) -> list[str]:
        if style == "pipe-cells":
            return [f"{c} |" if c else "|" for c in cells] + ["||"]
        if style == "markdown":
            return ["| " + " | ".join(cells) + " |"]
        if style == "tabs":
            return ["\t".join(cells)]
        return list(cells) + [""]

    out = [p["title"], "一、总体情况", p["intro"], "二、主动公开政府信息情况", "第二十条第（一）项"]
    if style == "markdown":
        out += ["| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |", "| --- | --- | --- | --- |"]
    else:
        out += row(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
    for label, vals in p["t2"]:
        out += row([label] + [_cell(v) for v in vals])
    out += ["三、收到和处理政府信息公开申请情况"]
    header = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] + list(T3_COLUMN_LABELS)
    out += row(header)
    if style == "markdown":
        out.append("|" + "---|" * len(header))
    for label, vals in p["t3"]:
        out += row([label] + [_cell(v) for v in vals])
    out += ["四、政府信息公开行政复议、行政诉讼情况"]
    out += row(T4_HEADER)
    if style == "markdown":
        out.append("|" + "---|" * 15)
    out += row([_cell(v) for v in p["t4"]])
    out += ["五、存在的主要问题及改进情况", "一是公开内容不够深入。二是更新不够及时。下一步将加强培训和督查。",
            "六、其他需要报告的事项", "本年度未收取信息处理费。"]
    return "\n".join(out) + "\n"


def html_report(expected: dict) -> str:
    """A Word-exported style HTML page: rowspan/colspan group cells, labels split across spans."""
    p = report_parts(expected)

    def td(text: str, **attrs) -> str:
        a = "".join(f' {k}="{v}"' for k, v in attrs.items())
        if len(text) > 2:
            text = f"<span>{text[:1]}</span><span>{text[1:]}</span>"
        return f"<td{a}><p><span>{text}</span><span><o:p></o:p></span></p></td>"

    def blank() -> str:
        return "<td><p><span><o:p>&nbsp;</o:p></span></p></td>"

    def vals(vs) -> str:
        return "".join(td(_cell(v)) if v is not None else blank() for v in vs)

    t2 = "".join(f"<tr>{td(label)}{vals(v)}</tr>" for label, v in p["t2"])
    rows = []
    t3 = p["t3"]
    for i, (label, v) in enumerate(t3):
        cells = ""
        if i == 2:
            cells += td("三、本年度办理结果", rowspan=str(len(t3) - 4))
        if i < 2 or i >= len(t3) - 2:
            cells += td(label, colspan="3")
        else:
            cells += td(label, colspan="2")
        rows.append(f"<tr>{cells}{vals(v)}</tr>")
    head = (f"<tr>{td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', colspan='3', rowspan='3')}"
            f"{td('申请人情况', colspan='7')}</tr><tr>{td('自然人', rowspan='2')}{td('法人或其他组织', colspan='5')}"
            f"{td('总计', rowspan='2')}</tr><tr>" + "".join(td(c) for c in T3_COLUMN_LABELS[1:6]) + "</tr>")
    t4 = (f"<tr>{td('行政复议', colspan='5')}{td('行政诉讼', colspan='10')}</tr>"
          f"<tr>{''.join(td(h) for h in T4_HEADER)}</tr><tr>{vals(p['t4'])}</tr>")
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{p['title']}</title>
<script>document.write('<table><tr><td>一、本年新收政府信息公开申请数量</td><td>999</td></tr></table>');</script>
<style>td {{ border: 1px solid }}</style></head><body>
<table class="meta"><tr><td>索引号</td><td>000000001/2025-00001</td><td>分类</td><td>年度报告</td></tr>
<tr><td>发布机构</td><td>岭东区人民政府办公室</td><td>发文日期</td><td>2025-01-20</td></tr>
<tr><td>名称</td><td colspan="3">{p['title']}</td></tr>
<tr><td>文号</td><td></td><td>主题词</td><td></td></tr><tr><td>时效</td><td>有效</td></tr></table>
<h1>{p['title']}</h1>
<p><span>一、</span><span>总体情况</span></p><p>{p['intro']}</p>
<p>二、主动公开政府信息情况</p><p>第二十条第（一）项</p>
<table><tr>{td('信息内容')}{td('本年制发件数')}{td('本年废止件数')}{td('现行有效件数')}</tr>{t2}</table>
<p>三、收到和处理<span>政府信息公开申请情况</span></p>
<table>{head}{''.join(rows)}</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p><table>{t4}</table>
<p>五、存在的主要问题及改进情况</p><p>一是公开内容不够深入。下一步将加强培训和督查。</p>
<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>
<script>alert("一、总体情况")</script></body></html>"""


def docx_report(expected: dict) -> bytes:
    """A DOCX written with python-docx holding the report's tables as Word tables."""
    import io

    import docx

    p = report_parts(expected)
    d = docx.Document()
    d.add_heading(p["title"], level=1)
    d.add_paragraph("一、总体情况")
    d.add_paragraph(p["intro"])
    d.add_paragraph("二、主动公开政府信息情况")
    d.add_paragraph("第二十条第（一）项")
    t = d.add_table(rows=0, cols=4)
    r = t.add_row().cells
    for i, h in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        r[i].text = h
    for label, vals in p["t2"]:
        r = t.add_row().cells
        r[0].text = label
        for i, v in enumerate(vals):
            r[i + 1].text = _cell(v)
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=0, cols=9)
    r = t.add_row().cells
    r[0].merge(r[1]).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    r[2].merge(r[8]).text = "申请人情况"
    r = t.add_row().cells
    for i, h in enumerate(T3_COLUMN_LABELS):
        r[i + 2].text = h
    first_outcome = None
    for k, (label, vals) in enumerate(p["t3"]):
        r = t.add_row().cells
        if 2 <= k < len(p["t3"]) - 2:
            if first_outcome is None:
                first_outcome = r[0]
                r[0].text = "三、本年度办理结果"
            else:
                first_outcome = first_outcome.merge(r[0])
            r[1].text = label
        else:
            r[0].merge(r[1]).text = label
        for i, v in enumerate(vals):
            r[i + 2].text = _cell(v)
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t = d.add_table(rows=0, cols=15)
    r = t.add_row().cells
    r[0].merge(r[4]).text = "行政复议"
    r[5].merge(r[14]).text = "行政诉讼"
    r = t.add_row().cells
    for i, h in enumerate(T4_HEADER):
        r[i].text = h
    r = t.add_row().cells
    for i, v in enumerate(p["t4"]):
        r[i].text = _cell(v)
    d.add_paragraph("五、存在的主要问题及改进情况")
    d.add_paragraph("一是公开内容不够深入。下一步将加强培训和督查。")
    d.add_paragraph("六、其他需要报告的事项")
    d.add_paragraph("本年度未收取信息处理费。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A syntactically valid PDF from numbered object bodies (1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R ".encode() + trailer_extra
    out += f">>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def image_only_pdf() -> bytes:
    """One page showing a 1×1 image and no text at all (a 'scanned' PDF)."""
    content = b"q 100 0 0 100 50 50 cm /Im0 Do Q"
    return make_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /XObject << /Im0 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length 1 >>\nstream\n\x80\nendstream",
    ])


def encrypted_pdf() -> bytes:
    """A PDF whose Standard security handler needs a password we do not have."""
    content = b"BT /F1 12 Tf 20 100 Td (secret) Tj ET"
    o = b"<" + b"11" * 32 + b">"
    u = b"<" + b"22" * 32 + b">"
    return make_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Filter /Standard /V 1 /R 2 /O " + o + b" /U " + u + b" /P -4 >>",
    ], trailer_extra=b"/Encrypt 5 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ")


def docx_national(expected: dict, *, title: str | None = None, filled: bool = False) -> bytes:
    """A DOCX as Word prints the national format (国办公开办函〔2021〕30号): tables 二, 三 and 四
    with their merged header cells (the 勾稽 note over three rows, 申请人情况 over seven columns,
    自然人 and 总计 over two rows, 三、本年度办理结果 down the 21 or 19 outcome rows, （三）…（六）
    down their items), labels split across runs and header words broken by a line break.

    `filled`: made as a converter makes it from a Markdown table — every cell of a merged region
    first holds the label, then the cells are merged (Word keeps one paragraph per merged cell)."""
    import io

    import docx

    p = report_parts(expected)
    d = docx.Document()
    d.add_paragraph(title or p["title"])

    def merge(first, last, text: str | None = None):
        """Merge a region; `filled`: after writing `text` into every cell of it."""
        if filled and text is not None:
            for row in t.rows[first._tc.top:last._tc.bottom]:
                for c in row.cells[first._tc.left:last._tc.left + 1]:
                    if not c.text:
                        runs(c, text)
        merged = first.merge(last)
        if not filled and text is not None:
            runs(merged, text)
        return merged

    def runs(cell, text: str, *, brk: bool = False) -> None:
        """Put `text` in the cell in two runs (or around a line break: 商业⏎企业)."""
        para = cell.paragraphs[0]
        half = max(1, len(text) // 2)
        para.add_run(text[:half])
        if brk:
            para.runs[-1].add_break()
        para.add_run(text[half:])

    def value(cell, v) -> None:
        if v is not None:
            cell.paragraphs[0].add_run(_cell(v))

    for heading, body in (("一、总体情况", p["intro"]),):
        d.add_paragraph().add_run(heading[:2]).bold = True
        d.paragraphs[-1].add_run(heading[2:])
        d.add_paragraph(body)
    d.add_paragraph("二、主动公开政府信息情况")
    if expected["table2"] is not None:
        t = d.add_table(rows=0, cols=4)
        blocks = (("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["regulations", "normative_documents"]),
                  ("第二十条第（五）项", ["本年处理决定数量"], ["licensing"]),
                  ("第二十条第（六）项", ["本年处理决定数量"], ["penalties", "coercion"]),
                  ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["fees"]))
        for block, headers, codes in blocks:
            r = t.add_row().cells
            runs(r[0].merge(r[3]), block)
            r = t.add_row().cells
            runs(r[0], "信息内容")
            head = r[1].merge(r[3]) if len(headers) == 1 else None
            for i, h in enumerate(headers):
                runs(head or r[i + 1], h)
            for code in codes:
                r = t.add_row().cells
                runs(r[0], T2_LABELS[code])
                vals = list(expected["table2"][code].values())
                if len(vals) == 1:
                    value(r[1].merge(r[3]), vals[0])
                else:
                    for i, v in enumerate(vals):
                        value(r[i + 1], v)
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t3 = p["t3"]
    t = d.add_table(rows=3, cols=10)
    h = t.rows
    for i, label in enumerate(T3_COLUMN_LABELS[1:6]):
        runs(h[2].cells[4 + i], label, brk=len(label) == 4)
    merge(h[0].cells[0], h[2].cells[2], "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    merge(h[0].cells[3], h[0].cells[9], "申请人情况")
    merge(h[1].cells[3], h[2].cells[3], "自然人")
    merge(h[1].cells[4], h[1].cells[8], "法人或其他组织")
    merge(h[1].cells[9], h[2].cells[9], "总计")
    groups = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供", "not_handled": "（五）不予处理",
              "other_no": "（六）其他处理", "other_unpaid": "（六）其他处理", "other_misc": "（六）其他处理"}
    codes = list(expected["table3"])
    spans: dict[str, list] = {}  # label of a merged region -> its first and last cell
    for code, (label, vals) in zip(codes, t3, strict=True):
        row = t.add_row().cells
        if code in ("received_new", "carried_in", "carried_out"):
            merge(row[0], row[2], label)
        else:
            spans.setdefault("三、本年度办理结果", [row[0], row[0]])[1] = row[0]
            group = next((g for prefix, g in groups.items() if code.startswith(prefix) and code != "other_combined"), None)
            if group:
                spans.setdefault(group, [row[1], row[1]])[1] = row[1]
                runs(row[2], label.split("）", 1)[1])
            else:
                merge(row[1], row[2], label)
        for i, v in enumerate(vals):
            value(row[3 + i], v)
    for label, (first, last) in spans.items():
        merge(first, last, label)
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    if expected["table4"] is not None:
        t = d.add_table(rows=4, cols=15)
        r = t.rows
        runs(r[0].cells[0].merge(r[0].cells[4]), "行政复议")
        runs(r[0].cells[5].merge(r[0].cells[14]), "行政诉讼")
        for i, col in enumerate(T4_HEADER[:5]):
            runs(r[1].cells[i].merge(r[2].cells[i]), col, brk=True)
        runs(r[1].cells[5].merge(r[1].cells[9]), "未经复议直接起诉")
        runs(r[1].cells[10].merge(r[1].cells[14]), "复议后起诉")
        for i, col in enumerate(T4_HEADER[5:]):
            runs(r[2].cells[5 + i], col, brk=True)
        for i, v in enumerate(p["t4"]):
            value(r[3].cells[i], v)
    d.add_paragraph("五、存在的主要问题及改进情况")
    d.add_paragraph("一是公开内容不够深入。下一步将加强培训和督查。")
    d.add_paragraph("六、其他需要报告的事项")
    d.add_paragraph("本年度未收取信息处理费。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
