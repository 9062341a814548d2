"""The batch audit: through Celery (one task per file, in chunks, results through the media storage) when a
broker is configured, through a process pool otherwise — the same results, in the files' order."""

import csv
import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from gongkai.annual_reports import batch

from .helpers import CORPUS, SEED, needs_shared

pytestmark = needs_shared


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "in"
    (src / "pdf").mkdir(parents=True)
    for pdf in sorted((CORPUS / "pdf").glob("*.pdf")):
        shutil.copy(pdf, src / "pdf" / pdf.name)
    shutil.copy(SEED, src / "seed.txt")
    (src / "empty.txt").write_bytes(b"")
    return src


def _run(src, out):
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:  # empty.txt cannot be read
        call_command("audit_report", str(src), "--recursive", "--output-dir", str(out), stdout=io.StringIO(),
                     stderr=err)
    assert exc.value.returncode == 1
    return list(csv.DictReader(open(out / "summary.csv", encoding="utf-8"))), err.getvalue()


@pytest.mark.django_db
def test_celery_batch_gives_the_pools_results_through_the_storage(folder, tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    pool_rows, _ = _run(folder, tmp_path / "pool")
    sent = []
    original = batch.audit_staged_report

    def spy(*args):
        sent.append(args[1])
        return original(*args)

    monkeypatch.setattr("gongkai.annual_reports.tasks.audit_staged_report", spy)
    settings.CELERY_BROKER_URL = "memory://"  # a broker: the batch goes through Celery (eager in the tests)
    celery_rows, err = _run(folder, tmp_path / "celery")
    # summary.csv: a row per report (no rule) and a row per finding; the same rows whichever engine read them
    assert celery_rows == pool_rows and sum(not r["rule"] for r in celery_rows) == 5
    assert sorted(sent) == [0, 1, 2, 3, 4]  # one task per file
    assert "交给 Celery worker" in err and "5/5" in err  # what happens, and the progress bar
    for name in ("js-huaian-city-2024.pdf", "seed.txt"):
        assert (json.loads((tmp_path / "celery" / f"{name}.json").read_text(encoding="utf-8"))
                == json.loads((tmp_path / "pool" / f"{name}.json").read_text(encoding="utf-8")))
    stored = list((tmp_path / "media" / "audit-batches").glob("*/out/*.json"))
    assert len(stored) == 5  # the results stay in the storage …
    assert not list((tmp_path / "media" / "audit-batches").glob("*/in/*"))  # … the staged inputs do not


def test_the_pool_and_a_single_file_need_no_broker(folder, settings):
    settings.CELERY_BROKER_URL = ""
    results = batch.audit_files([str(folder / "seed.txt"), str(folder / "empty.txt"), str(folder / "seed.txt")])
    assert [("error" in r) for r in results] == [False, True, False]
    assert results[0]["agency"] == "岭东区人民政府"
