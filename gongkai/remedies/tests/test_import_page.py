"""The import of 复议/诉讼 records from the browser: the command's all-or-nothing checks, each bad row on the
page, a check-only run, refusals of the file as a whole, and who may import."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.testing import assert_login_required, assert_may, assert_may_not, client_for
from gongkai.remedies.models import Lawsuit, Review

from .test_import import cases, good_rows, row, xlsx  # noqa: F401 (the fixture and the file builders)

pytestmark = pytest.mark.django_db
URL = reverse("remedies:import")
D = dt.date


def upload(tmp_path, rows, name="remedies.xlsx"):
    path = xlsx(tmp_path, rows, name)
    with open(path, "rb") as fh:
        return SimpleUploadedFile(name, fh.read())


def test_a_clerk_imports_a_good_file(world, cases, tmp_path):  # noqa: F811
    a, b, _ = cases
    client = client_for(world.fgj_clerk)
    checked = client.post(URL, {"organ": world.fgj.pk, "file": upload(tmp_path, good_rows(a, b)), "dry_run": "on"})
    assert checked.status_code == 200 and "检查通过：3 条记录可以导入（行政复议 1 件，行政诉讼 2 件）" in checked.content.decode()
    assert not Review.objects.exists() and not Lawsuit.objects.exists()
    done = client.post(URL, {"organ": world.fgj.pk, "file": upload(tmp_path, good_rows(a, b))}, follow=True)
    assert "已为岭东区发展和改革局导入 3 条记录" in done.content.decode()
    assert Review.objects.count() == 1 and Lawsuit.objects.count() == 2 and Review.objects.get().imported


def test_every_bad_row_is_listed_and_nothing_written(world, cases, tmp_path):  # noqa: F811
    a, b, other = cases
    rows = [row(类型="复议", 案号="岭复1", 受理编号=a.tracking_no, 复议机关或法院="岭东区人民政府",
                **{"申请/起诉日期": D(2026, 5, 6)}),
            row(类型="诉讼", 案号="岭复2", 受理编号=other.tracking_no, 复议机关或法院="法院",
                **{"申请/起诉日期": "2026-02-30"})]
    response = client_for(world.fgj_clerk).post(URL, {"organ": world.fgj.pk, "file": upload(tmp_path, rows)})
    body = response.content.decode()
    assert response.status_code == 400 and "共 2 处错误，未导入任何记录" in body
    assert "类型“诉讼”无效" in body and "日期“2026-02-30”无法识别" in body and '<td class="num">3</td>' in body
    assert not Review.objects.exists()


def test_files_that_cannot_be_used(world, cases, tmp_path):  # noqa: F811
    client = client_for(world.fgj_clerk)
    csv = client.post(URL, {"organ": world.fgj.pk, "file": SimpleUploadedFile("a.csv", b"x,y\n")})
    assert csv.status_code == 400 and "只支持 .xlsx" in csv.content.decode()
    broken = client.post(URL, {"organ": world.fgj.pk, "file": SimpleUploadedFile("a.xlsx", b"PK\x03\x04garbage")})
    assert broken.status_code == 400 and "未导入" in broken.content.decode()
    header_only = client.post(URL, {"organ": world.fgj.pk, "file": upload(tmp_path, [])})
    assert header_only.status_code == 400 and "没有数据行" in header_only.content.decode()
    assert not Review.objects.exists()


def test_who_may_import(world, cases, tmp_path):  # noqa: F811
    a, b, _ = cases
    assert_login_required(URL)
    assert_may(world.fgj_reviewer, URL)
    for user in (world.district_supervisor, world.nobody, world.district_column_owner, world.sysadmin):
        assert_may_not(user, URL)
    # a clerk cannot import into another organ (not among its choices)
    response = client_for(world.jyj_clerk).post(URL, {"organ": world.fgj.pk, "file": upload(tmp_path, good_rows(a, b))})
    assert response.status_code == 400 and not Review.objects.exists()
