"""`manage.py audit_report`: JSON contract on stdout, several files, batch mode, usage errors."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command

from .helpers import CORPUS, SEED, load_truth, needs_shared, pasted_text, truth_tables

pytestmark = needs_shared


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("audit_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_one_file_is_exactly_one_object():
    out, _err = run(str(SEED), "--json")
    report = json.loads(out)
    assert isinstance(report, dict)
    assert set(report) == {"source", "agency", "year", "format", "published_on", "metadata", "sections",
                           "table2", "table3", "table4", "findings"}
    assert "岭东区" in out  # ensure_ascii=False


def test_json_several_files_array_in_order_with_error_entry(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    raw = CORPUS / "raw" / "js-huaian-hongze-2024-pdflayout.txt"
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("audit_report", str(SEED), str(bad), str(raw), "--json", stdout=out, stderr=err)
    assert exc.value.returncode == 1
    reports = json.loads(out.getvalue())
    assert [r["source"] for r in reports] == [str(SEED), str(bad), str(raw)]
    assert set(reports[1]) == {"source", "error"} and "为空" in reports[1]["error"]
    assert reports[2]["table3"]["received_new"][6] == 95
    assert "3/3" in err.getvalue()  # the progress bar


def test_readable_summary_without_json():
    out, _err = run(str(CORPUS / "raw" / "js-huaian-hongze-2023-pdfraw.txt"))
    assert "表三" in out and "表四" in out and "[错误] table4.review.total" in out


def test_previous_with_several_files_is_usage_error():
    with pytest.raises(CommandError) as exc:
        run(str(SEED), str(SEED), "--previous", str(SEED))
    assert exc.value.returncode == 2


def test_directory_without_recursive_is_usage_error(tmp_path):
    with pytest.raises(CommandError) as exc:
        run(str(tmp_path))
    assert exc.value.returncode == 2


def test_previous_year_checks_through_the_command():
    prev = CORPUS / "raw" / "js-huaian-hongze-2023-pdflayout.txt"
    cur = CORPUS / "raw" / "js-huaian-hongze-2024-pdflayout.txt"
    out, _err = run(str(cur), "--previous", str(prev), "--json", "--organ-kind", "government")
    findings = json.loads(out)["findings"]
    truth23 = truth_tables(load_truth("js-huaian-hongze-2023-pdflayout"))["table2"]["normative_documents"]
    truth24 = truth_tables(load_truth("js-huaian-hongze-2024-pdflayout"))["table2"]["normative_documents"]
    consistent = truth23["in_force"] + truth24["issued"] - truth24["repealed"] == truth24["in_force"]
    in_force = [f for f in findings if f["rule"] == "previous.in_force"]
    assert bool(in_force) != consistent
    assert not [f for f in findings if f["rule"] == "previous.carried_in"]  # 0 carried out, 0 carried in


def test_stdin(monkeypatch):
    text = SEED.read_bytes()

    class Stdin:
        buffer = io.BytesIO(text)

    monkeypatch.setattr(sys, "stdin", Stdin)
    out, _err = run("-", "--json")
    assert json.loads(out)["source"] == "-"


@pytest.mark.django_db
def test_batch_recursive_output_dir(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    expected = truth_tables(load_truth("js-huaian-city-2024-pdflayout"))
    (src / "a.md").write_text(pasted_text(expected, "markdown"), encoding="utf-8")
    (src / "sub" / "b.txt").write_bytes(SEED.read_bytes())
    (src / "sub" / "c.pdf").write_bytes(b"%PDF-1.4 broken")
    out_dir = tmp_path / "out"
    with pytest.raises(CommandError) as exc:
        run(str(src), "--recursive", "--output-dir", str(out_dir))
    assert exc.value.returncode == 1  # c.pdf could not be read
    rows = list(csv.DictReader(open(out_dir / "summary.csv", encoding="utf-8")))
    assert list(rows[0]) == ["file", "organ", "year", "format", "errors", "warnings", "reason",
                             "rule", "severity", "cell", "printed", "message"]
    reports = [r for r in rows if not r["rule"]]
    assert [r["file"].rsplit("/", 1)[-1] for r in reports] == ["a.md", "b.txt", "c.pdf"]
    assert reports[0]["year"] == "2024" and reports[0]["errors"] == "0"
    assert reports[1]["errors"] == "1" and reports[1]["organ"] == "岭东区人民政府"
    assert "PDF" in reports[2]["reason"]
    # one row per finding, after its report's row, with what is printed in the cell it names
    seed_findings = [r for r in rows if r["rule"] and r["file"].endswith("b.txt")]
    seed = json.loads((out_dir / "b.txt.json").read_text(encoding="utf-8"))
    assert [r["rule"] for r in seed_findings] == [f["rule"] for f in seed["findings"]]
    missing = next(r for r in seed_findings if r["rule"] == "table.missing")
    assert (missing["organ"], missing["year"], missing["severity"], missing["cell"]) == (
        "岭东区人民政府", "2024", "error", "table2")
    report = json.loads((out_dir / "a.md.json").read_text(encoding="utf-8"))
    assert report["table3"]["received_new"] == expected["table3"]["received_new"]


@pytest.mark.django_db
def test_batch_summary_names_each_organ_once_across_years(tmp_path):
    """淮安市洪泽区人民政府 = 洪泽区人民政府: the registry's name where it knows the organ."""
    from gongkai.organs.tests.factories import OrganFactory

    src = tmp_path / "in"
    src.mkdir()
    for name in ("js-huaian-hongze-2023-pdflayout.txt", "js-huaian-hongze-2024-pdflayout.txt"):
        (src / name).write_bytes((CORPUS / "raw" / name).read_bytes())  # 洪泽区… in 2023, 淮安市洪泽区… in 2024

    def organs() -> set[str]:
        out_dir = tmp_path / f"out{len(list(tmp_path.iterdir()))}"
        run(str(src), "--recursive", "--output-dir", str(out_dir))
        rows = list(csv.DictReader(open(out_dir / "summary.csv", encoding="utf-8")))
        return {r["organ"] for r in rows}

    assert organs() == {"淮安市洪泽区人民政府"}  # the batch's most specific name
    OrganFactory(name="洪泽区人民政府")
    assert organs() == {"洪泽区人民政府"}  # the registry's
    errors = [r for r in csv.DictReader(open(tmp_path / "out2" / "summary.csv", encoding="utf-8"))
              if r["rule"] == "table4.total"]
    assert {(r["year"], r["cell"], r["printed"]) for r in errors} == {
        ("2023", "table4.review.total", "0"), ("2023", "table4.litigation_after_review.total", "0")}


def test_batch_needs_output_dir(tmp_path):
    with pytest.raises(CommandError) as exc:
        run(str(tmp_path), "--recursive")
    assert exc.value.returncode == 2


@pytest.mark.django_db
def test_batch_summary_csv_writes_no_formula_from_report_text(tmp_path, monkeypatch):
    """summary.csv carries what reports say (their organ's name): text a spreadsheet would run is neutralised."""
    from gongkai.annual_reports.management.commands import audit_report

    real = audit_report.audit_path

    def evil(path, previous=None, organ_kind=None):
        result = real(path, previous, organ_kind)
        if "error" not in result:
            result["agency"] = '=HYPERLINK("http://example.invalid","点此")'
        return result

    monkeypatch.setattr(audit_report, "audit_path", evil)
    src = tmp_path / "in"
    src.mkdir()
    (src / "b.txt").write_bytes(SEED.read_bytes())
    out_dir = tmp_path / "out"
    run(str(src / "b.txt"), str(src / "b.txt"), str(src / "b.txt"), "--recursive", "--output-dir", str(out_dir))
    rows = list(csv.DictReader(open(out_dir / "summary.csv", encoding="utf-8")))
    assert rows and all(r["organ"] == "'" + '=HYPERLINK("http://example.invalid","点此")' for r in rows)
