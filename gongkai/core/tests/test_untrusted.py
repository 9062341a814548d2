"""Bounded reading of untrusted files: the worker's limits, the page and ZIP checks, and the hostile files of
the attack run refused in Chinese on the audit page, by `audit_report`, as catalogue attachments and imports."""

from __future__ import annotations

import os
import time

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.hostile import damaged_docx_family, many_page_pdf, paragraph_bomb_docx, small_docx, text_pdf
from gongkai.core.untrusted import (
    UnreadableFile,
    check_pdf_pages,
    limits,
    open_zip,
    pdf_page_count,
    read_member,
    run_bounded,
)


def _sleep(seconds):
    time.sleep(seconds)
    return "woke"


def _allocate(megabytes):
    return len(bytearray(megabytes * 1024 * 1024))


def _crash():
    os.abort()


def _refuse():
    raise UnreadableFile("不能读")


def _boom():
    raise KeyError("/Root")


def test_run_bounded_returns_the_result_and_passes_the_contract_error():
    assert run_bounded(sorted, [3, 1, 2]) == [1, 2, 3]
    with pytest.raises(UnreadableFile, match="不能读"):
        run_bounded(_refuse)


def test_run_bounded_turns_any_other_failure_into_a_chinese_refusal():
    with pytest.raises(UnreadableFile, match="损坏或格式无效"):
        run_bounded(_boom)
    with pytest.raises(UnreadableFile, match="过于复杂"):
        run_bounded(_crash)


def test_run_bounded_stops_the_worker_at_the_deadline():
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="1秒"):
        run_bounded(_sleep, 30, lim=limits(seconds=1))
    assert time.monotonic() - started < 3


def test_run_bounded_caps_the_workers_memory():
    assert run_bounded(_allocate, 10, lim=limits(memory_mb=200)) == 10 * 1024 * 1024
    with pytest.raises(UnreadableFile, match="200MB"):
        run_bounded(_allocate, 1000, lim=limits(memory_mb=200))


def test_limits_come_from_settings(settings):
    settings.GONGKAI_READ_LIMITS = {"pages": 5}
    assert limits().pages == 5 and limits(pages=7).pages == 7 and limits().seconds == 20


def test_pdf_pages_are_counted_from_the_page_tree_and_refused_over_the_limit():
    assert pdf_page_count(many_page_pdf(pages=500, ops=10)) == 500
    assert check_pdf_pages(text_pdf(["a"])) == 1
    started = time.monotonic()
    with pytest.raises(UnreadableFile, match="PDF共500页，超过60页的上限"):
        check_pdf_pages(many_page_pdf())
    assert time.monotonic() - started < 1
    assert check_pdf_pages(b"%PDF-1.4 garbage") == 0  # left for the extractor to describe


@pytest.mark.parametrize("name", sorted(damaged_docx_family()))
def test_damaged_zip_entries_are_refused_in_chinese(name):
    data = damaged_docx_family()[name]
    with pytest.raises(UnreadableFile) as exc:
        with open_zip(data) as archive:
            read_member(archive, "word/document.xml")
    assert any(word in exc.value.message_zh for word in ("加密", "压缩方式", "损坏"))


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    with pytest.raises(UnreadableFile, match="正文解压后超过16MB"):
        with open_zip(paragraph_bomb_docx()) as archive:
            read_member(archive, "word/document.xml")
    with pytest.raises(UnreadableFile, match="解压后超过1MB"):
        open_zip(paragraph_bomb_docx(megabytes=2), limits(unzipped_mb=1))
    with open_zip(small_docx()) as archive:
        assert b"<w:body>" in read_member(archive, "word/document.xml")


# ------------------------------------------------------------------ the entry points


HOSTILE = {
    "500-page pdf": (many_page_pdf, "report.pdf", "超过60页"),
    "40 MB paragraphs": (paragraph_bomb_docx, "report.docx", "超过16MB"),
    **{f"damaged docx: {name}": (lambda name=name: damaged_docx_family()[name], "report.docx", "DOCX")
       for name in damaged_docx_family()},
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(HOSTILE))
def test_the_audit_page_refuses_hostile_files_in_chinese(client, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    make, filename, words = HOSTILE[name]
    started = time.monotonic()
    response = client.post("/ndbg/audit/", {"file": SimpleUploadedFile(filename, make())})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_the_audit_page_states_its_limits(client):
    page = client.get("/ndbg/audit/").content.decode()
    assert "PDF不超过60页" in page and "20秒内读完" in page and "DOCX解压后不超过50MB" in page


@pytest.mark.django_db
def test_the_audit_page_answers_too_complex_at_its_time_limit(client, settings):
    """A file that takes longer than the limit is cut off and answered in Chinese, not a worker timeout."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.GONGKAI_READ_LIMITS = {"seconds": 0.5}
    heavy = many_page_pdf(pages=40, ops=40_000)
    started = time.monotonic()
    response = client.post("/ndbg/audit/", {"file": SimpleUploadedFile("report.pdf", heavy)})
    assert response.status_code == 400
    assert "文件过于复杂" in response.content.decode()
    assert time.monotonic() - started < 3


def test_audit_report_refuses_hostile_files_with_exit_status_1(tmp_path, capsys):
    paths = []
    for i, (make, filename, _words) in enumerate(HOSTILE.values()):
        path = tmp_path / f"{i}-{filename}"
        path.write_bytes(make())
        paths.append(str(path))
    with pytest.raises(CommandError) as exc:
        call_command("audit_report", *paths[:3])
    assert exc.value.returncode == 1
    err = capsys.readouterr().err
    assert "超过60页" in err and "超过16MB" in err and "Traceback" not in err


@pytest.mark.parametrize("name", sorted(damaged_docx_family()))
def test_catalogue_attachments_refuse_damaged_files_in_chinese(name):
    from gongkai.catalogue.attachments import check_upload
    from gongkai.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as exc:
        check_upload("a.docx", damaged_docx_family()[name])
    assert exc.value.field == "file" and "DOCX" in exc.value.message


def test_catalogue_attachment_text_is_bounded_in_time(settings):
    from gongkai.catalogue.attachments import check_upload
    from gongkai.core.exceptions import ApplicationError

    settings.GONGKAI_READ_LIMITS = {"seconds": 0.5}
    with pytest.raises(ApplicationError, match="文件过于复杂"):
        check_upload("a.pdf", many_page_pdf(pages=40, ops=40_000))
    with pytest.raises(ApplicationError, match="正文解压后超过16MB"):
        check_upload("a.docx", paragraph_bomb_docx())


def test_imports_refuse_a_damaged_or_bomb_workbook(tmp_path):
    from gongkai.core.importing import ImportFileError, read_table

    bomb = tmp_path / "items.xlsx"
    bomb.write_bytes(paragraph_bomb_docx(megabytes=60))
    with pytest.raises(ImportFileError, match="解压后超过50MB"):
        read_table(bomb)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(damaged_docx_family()["corrupt deflate stream"])
    with pytest.raises(ImportFileError, match="Excel"):
        read_table(broken)


@pytest.mark.django_db
def test_hostile_uploads_never_hold_every_worker(client, settings):
    """At most `concurrent` files are read at once per server; past that a web request waits `slot_wait`
    seconds, then is told in Chinese to retry (503) and its worker is free again."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.core.untrusted import BUSY, read_slot

    settings.GONGKAI_READ_LIMITS = {"concurrent": 1, "slot_wait": 0.3}
    with read_slot():
        started = time.monotonic()
        response = client.post("/ndbg/audit/", {"file": SimpleUploadedFile("report.docx", small_docx())})
        assert time.monotonic() - started < 2
    assert response.status_code == 503 and BUSY in response.content.decode()
    with read_slot(), pytest.raises(UnreadableFile, match="服务器繁忙"), read_slot():
        pass
    assert client.post("/ndbg/audit/", {"file": SimpleUploadedFile("report.docx", small_docx())}).status_code == 200
