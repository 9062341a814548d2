"""The public /ndbg/audit/ page: paste or upload, tables with flagged cells, JSON, saving, refusals."""

import base64
import datetime as dt
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.annual_reports.models import ReportFile
from gongkai.annual_reports.reading import MAX_BYTES
from gongkai.core.models import EventLog, EventType
from gongkai.core.testing import client_for

from .helpers import CORPUS, SEED, needs_shared

pytestmark = [pytest.mark.django_db, needs_shared]

URL = "/ndbg/audit/"


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def post(client, **data):
    return client.post(URL, data)


def cell(body: str, path: str) -> str:
    match = re.search(rf'<td class="([^"]*)" data-path="{re.escape(path)}"[^>]*>(.*?)</td>', body, re.S)
    assert match, f"no cell {path}"
    return match.group(1) + "|" + re.sub(r"<[^>]+>", "", match.group(2))


def downloaded_json(body: str) -> dict:
    href = re.search(r'href="data:application/json;charset=utf-8;base64,([^"]+)" download', body).group(1)
    return json.loads(base64.b64decode(href).decode("utf-8"))


def test_get_shows_the_form():
    body = Client().get(URL).content.decode()
    assert "粘贴报告全文" in body and 'enctype="multipart/form-data"' in body
    assert "保存到机关档案" not in body  # the public cannot save


def test_pasting_the_seed_shows_its_tables_and_findings():
    response = post(Client(), text=seed_text())
    assert response.status_code == 200
    body = response.content.decode()
    assert "岭东区人民政府 2024年度" in body
    assert cell(body, "table3.received_new.natural_person").endswith("|2")
    assert cell(body, "table3.unavailable_needs_creation.total").endswith("|2")
    assert 'rowspan="20"' in body  # 三、本年度办理结果 over the seed's 20 outcome rows (one-row （六）)
    assert "报告缺少表二" in body and "五、存在的主要问题及改进措施" in body
    assert "（七）总计" in body and "申请人情况" in body
    report = downloaded_json(body)
    assert report["table3"]["received_new"] == [2, 0, 0, 0, 0, 0, 2]
    assert any(f["where"] == "table2" and f["severity"] == "error" for f in report["findings"])
    assert not ReportFile.objects.exists()  # nothing kept


def test_a_finding_on_a_cell_highlights_and_explains_it():
    text = (CORPUS / "raw" / "js-huaian-hongze-2023-pdflayout.txt").read_text(encoding="utf-8")
    body = post(Client(), text=text).content.decode()
    review_total = cell(body, "table4.review.total")
    assert "flag-error" in review_total and review_total.split("|")[1].startswith("0[")
    note = re.search(r'data-path="table4.review.total"[^>]*title="([^"]+)"', body).group(1)
    n = re.search(r"第(\d+)条", note).group(1)
    finding = re.search(rf'<li id="finding-{n}" class="finding-error">(.*?)</li>', body, re.S).group(1)
    assert "表四 行政复议" in finding and "table4" not in finding  # where it is, as printed (issue 17)


def test_uploading_a_pdf_reads_it_exactly():
    data = (CORPUS / "pdf" / "js-huaian-hongze-2024.pdf").read_bytes()
    truth = json.loads((CORPUS / "truth" / "js-huaian-hongze-2024-pdflayout.json").read_text(encoding="utf-8"))
    response = Client().post(URL, {"file": SimpleUploadedFile("report.pdf", data, "application/pdf")})
    assert response.status_code == 200
    report = downloaded_json(response.content.decode())
    assert report["table3"]["received_new"] == list(truth["table3"].values())[0]


@pytest.mark.parametrize("data,expected_status,message", [
    ({}, 400, "请粘贴报告全文或上传报告文件"),
    ({"text": "   "}, 400, "请粘贴报告全文或上传报告文件"),
    ({"text": "今天天气很好。"}, 400, "不是政府信息公开工作年度报告"),
])
def test_bad_pasted_input_is_a_chinese_400(data, expected_status, message):
    response = post(Client(), **data)
    assert response.status_code == expected_status
    assert message in response.content.decode()


def test_bad_files_are_refused_in_chinese():
    client = Client()
    junk = client.post(URL, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 broken" + bytes(range(256)))})
    assert junk.status_code == 400 and "PDF" in junk.content.decode()
    exe = client.post(URL, {"file": SimpleUploadedFile("a.exe", b"MZ\x90\x00")})
    assert exe.status_code == 400 and "只能上传TXT、Markdown、HTML、DOCX或PDF文件" in exe.content.decode()
    big = client.post(URL, {"file": SimpleUploadedFile("big.txt", b"a" * (MAX_BYTES + 1))})
    assert big.status_code == 413 and "20MB" in big.content.decode()
    both = client.post(URL, {"text": seed_text(), "file": SimpleUploadedFile("a.txt", b"x")})
    assert both.status_code == 400 and "不要同时提交" in both.content.decode()


def test_html_with_scripts_is_never_echoed_unescaped():
    html = seed_text().replace("一、总体情况", "一、总体情况<script>alert('x')</script>", 1)
    html = f"<html><body><p>{html.replace(chr(10), '</p><p>')}</p><script>alert('y')</script></body></html>"
    body = post(Client(), text=html).content.decode()
    assert "<script>alert" not in body


def test_rate_limit_answers_429_in_chinese(settings, frozen_today):
    # The clock stands still: django-ratelimit counts in windows aligned to the minute, and 21 posts must
    # not straddle a window's end (they did on a slow run).
    client = Client()
    statuses = [post(client, text="x").status_code for _ in range(21)]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429
    assert "操作过于频繁" in post(client, text="x").content.decode()


def test_a_clerk_saves_a_report_to_its_own_organ(world):
    client = client_for(world.district_clerk)
    body = client.get(URL).content.decode()
    assert "保存到机关档案" in body and "岭东区人民政府" in body and "岭东区教育局" not in body
    response = client.post(URL, {"text": seed_text(), "save_organ": world.district.pk,
                                 "save_published_on": "2025-01-20"})
    assert response.status_code == 200 and "已保存到岭东区人民政府的档案（2024年度）" in response.content.decode()
    saved = ReportFile.objects.get()
    assert (saved.organ, saved.year, saved.kind, saved.saved_by) == (world.district, 2024, "text", world.district_clerk)
    assert saved.published_on == dt.date(2025, 1, 20) and saved.contradictions == [] and saved.is_current
    assert saved.errors >= 1 and saved.file.read().decode("utf-8") == seed_text()
    assert EventLog.objects.filter(event_type=EventType.REPORT_FILE_SAVED, organ=world.district).count() == 1
    again = client.post(URL, {"text": seed_text(), "save_organ": world.district.pk})
    assert "已保存过" in again.content.decode() and ReportFile.objects.count() == 1


def test_a_clerk_cannot_save_to_another_organ(world):
    response = client_for(world.fgj_clerk).post(URL, {"text": seed_text(), "save_organ": world.jyj.pk})
    assert response.status_code == 400
    assert not ReportFile.objects.exists()


def test_a_report_of_another_organ_is_refused_and_only_a_supervisor_may_keep_it_with_a_reason(world):
    """The seed is 岭东区人民政府's 2024 report: saved for 岭东区发展和改革局 it contradicts the organ."""
    clerk = client_for(world.fgj_clerk)
    body = clerk.post(URL, {"text": seed_text(), "save_organ": world.fgj.pk}).content.decode()
    assert "未保存" in body and "报告文件写的机关是“岭东区人民政府”，不是所选的“岭东区发展和改革局”" in body
    body = clerk.post(URL, {"text": seed_text(), "save_organ": world.fgj.pk, "save_reason": "就是这份"}).content.decode()
    assert "只有主管部门可以写明理由后仍然保存" in body and not ReportFile.objects.exists()
    supervisor = client_for(world.district_supervisor)
    body = supervisor.post(URL, {"text": seed_text(), "save_organ": world.jyj.pk, "save_year": "2024",
                                 "save_reason": "教育局与区政府合并发布年度报告"}).content.decode()
    assert "已保存到岭东区教育局的档案" in body
    saved = ReportFile.objects.get()
    assert saved.accepted_by == world.district_supervisor and saved.accepted_reason == "教育局与区政府合并发布年度报告"
    assert saved.contradictions and "岭东区人民政府" in saved.contradictions[0]
    event = EventLog.objects.get(event_type=EventType.REPORT_FILE_SAVED)
    assert event.details["reason"] and event.details["contradictions"] == saved.contradictions
    assert "保存到机关档案" not in client_for(world.district_column_owner).get(URL).content.decode()


def test_saving_needs_a_year_when_none_was_read(world):
    text = seed_text().replace("2024", "本")  # no year left anywhere in the text
    client = client_for(world.district_clerk)
    body = client.post(URL, {"text": text, "save_organ": world.district.pk}).content.decode()
    assert "没有识别出报告年度，请填写报告年度后再保存" in body
    assert not ReportFile.objects.exists()
    body = client.post(URL, {"text": text, "save_organ": world.district.pk, "save_year": "2024"}).content.decode()
    assert "已保存到岭东区人民政府的档案（2024年度）" in body


def test_upload_is_read_by_content_not_name():
    data = seed_text().encode("gb18030")
    response = Client().post(URL, {"file": SimpleUploadedFile("report.pdf", data)})
    # A ".pdf" that is really GB18030 text is still read as text.
    assert response.status_code == 200
    assert downloaded_json(response.content.decode())["table3"]["received_new"][6] == 2


def test_docx_upload(tmp_path):
    import docx

    document = docx.Document()
    for line in seed_text().splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    response = Client().post(URL, {"file": SimpleUploadedFile("r.docx", buffer.getvalue())})
    assert response.status_code == 200
    body = response.content.decode()
    assert "岭东区人民政府 2024年度" in body
    assert cell(body, "table3.received_new.natural_person").endswith("|2")
    # The DOCX of the seed's lines reads exactly as the pasted seed: the same report, the same findings.
    from_docx = downloaded_json(body)
    pasted = downloaded_json(post(Client(), text=seed_text()).content.decode())
    assert from_docx["source"] == "r.docx"
    assert {k: v for k, v in from_docx.items() if k != "source"} == {k: v for k, v in pasted.items() if k != "source"}
    assert from_docx["table3"]["received_new"][6] == 2 and from_docx["table4"] is not None


def test_a_report_pasted_as_one_line_is_read_and_what_was_decoded_is_said():
    """What a crawler stores (issue 13): the whole body on one line, table cells glued."""
    from .transforms import transform

    raw = CORPUS / "raw" / "js-huaian-hongze-2023-pdflayout.txt"
    text = transform(transform(raw.read_text(encoding="utf-8"), "glued"), "join-nothing")
    response = post(Client(), text=text)
    assert response.status_code == 200
    body = response.content.decode()
    assert "不是政府信息公开工作年度报告" not in body
    assert cell(body, "table3.received_new.natural_person").endswith("|21")
    assert "只有一种拆分符合格式" in body and "（reading.split）" not in body  # no rule id printed (issue 17)
    # table 四 glued: three readings keep the same rules broken; the cells they disagree on are
    # unread and marked, the broken 总计 is still an error
    assert "有3种拆分" in body
    assert "结果纠正+其他结果+尚未审结都不等于总计（印为0）" in body
    assert downloaded_json(body)["table4"]["review"]["total"] == 0


def test_headings_without_tables_say_the_tables_may_be_images():
    text = "岭东区教育局2024年政府信息公开工作年度报告\n一、总体情况\n略。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
    response = post(Client(), text=text)
    assert response.status_code == 200
    body = response.content.decode()
    assert "报告缺少表三" in body and "图片" in body and "OCR" in body


@pytest.mark.parametrize("when", ["before 2008", "next year"])
def test_saving_refuses_a_year_before_the_regulation_or_after_this_one(world, when):
    from django.utils import timezone

    year = "2007" if when == "before 2008" else str(timezone.localdate().year + 1)
    client = client_for(world.district_clerk)
    response = client.post(URL, {"text": seed_text(), "save_organ": world.district.pk, "save_year": year})
    body = response.content.decode()
    assert f"报告年度{year}超出范围：应在2008年（条例施行）至今年之间。" in body
    assert not ReportFile.objects.exists()
