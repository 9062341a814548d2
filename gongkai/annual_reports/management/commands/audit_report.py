"""`manage.py audit_report`: read published annual reports and list their findings.

    audit_report FILE [FILE ...] [--previous FILE] [--organ-kind government|department] [--json]
    audit_report DIR --recursive --output-dir OUT

'-' reads standard input.  Exit status 0 when every file was read as a report (with or without
findings), 1 when any could not be read (the reason in Chinese on stderr), 2 on wrong usage.
A batch (--recursive) reads every file under DIR — through Celery workers when a broker is configured
(one task per file, sent in chunks; any number of worker machines), else in a process per core
(gongkai.annual_reports.batch) — showing progress, and once every file is done writes OUT/<name>.json per
report plus OUT/summary.csv: a row per report (counts, or why it could not be read) and a row per finding
(file, organ, year, rule, cell, printed value, message), with one name per organ across years (the organ
registry's where it knows the organ).  Read-only: the database is read only for the registry's organ names.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.annual_reports.audit_summary import write_summary
from gongkai.annual_reports.batch import audit_files, audit_path
from gongkai.annual_reports.checks import ORGAN_KINDS, summarize
from gongkai.annual_reports.format import (
    T3_COLUMN_LABELS,
    T3_ROW_LABELS,
    T4_COLUMN_LABELS,
    T4_COLUMNS,
    T4_GROUP_LABELS,
)
from gongkai.annual_reports.organ_names import registry_names

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


class Command(BaseCommand):
    help = "读取已发布的政府信息公开工作年度报告（文本、Markdown、HTML、DOCX、PDF），输出表格和发现的问题。"
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="FILE", help="报告文件；'-' 表示标准输入；目录须加 --recursive")
        parser.add_argument("--previous", metavar="FILE", help="同一机关上一年度的报告，用于跨年核对")
        parser.add_argument("--organ-kind", choices=ORGAN_KINDS, help="机关类型（决定第四十九条的公布期限）")
        parser.add_argument("--json", action="store_true", help="输出JSON")
        parser.add_argument("--recursive", action="store_true", help="读取目录下的全部文件")
        parser.add_argument("--output-dir", metavar="OUT", help="批量模式：每个报告写一个JSON，另写summary.csv")

    def handle(self, *args, **opts) -> None:
        paths: list[str] = opts["paths"]
        if opts["previous"] and len(paths) > 1:
            raise CommandError("--previous 只能和一个报告文件一起使用。", returncode=2)
        if opts["recursive"] or opts["output_dir"]:
            self.batch(paths, opts)
            return
        dirs = [p for p in paths if p != "-" and Path(p).is_dir()]
        if dirs:
            raise CommandError(f"{dirs[0]} 是目录；请使用 --recursive --output-dir OUT。", returncode=2)
        results = self.run_all(paths, opts["previous"], opts["organ_kind"])
        if opts["json"]:
            payload = results[0] if len(results) == 1 else results
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
        else:
            for r in results:
                self.stdout.write(render(r))
        self.finish(results)

    def run_all(self, paths: list[str], previous: str | None, organ_kind: str | None) -> list[dict]:
        if len(paths) == 1:
            return [audit_path(paths[0], previous, organ_kind)]
        results = audit_files(paths, organ_kind=organ_kind, progress=self.progress,
                              note=lambda text: self.stderr.write("\n" + text))
        self.stderr.write("")
        return results

    def progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stderr.flush()

    def finish(self, results: list[dict]) -> None:
        failed = [r for r in results if "error" in r]
        for r in failed:
            self.stderr.write(f"无法读取 {r['source']}：{r['error']}")
        if failed:
            raise CommandError(f"{len(failed)}个文件无法读取。", returncode=1)

    def batch(self, paths: list[str], opts: dict) -> None:
        if not (opts["recursive"] and opts["output_dir"]):
            raise CommandError("批量模式须同时使用 --recursive 和 --output-dir OUT。", returncode=2)
        files: list[str] = []
        for p in paths:
            root = Path(p)
            if root.is_dir():
                files += sorted(str(f) for f in root.rglob("*") if f.is_file() and not f.name.startswith("."))
            else:
                files.append(p)
        out = Path(opts["output_dir"])
        out.mkdir(parents=True, exist_ok=True)
        results = self.run_all(files, None, opts["organ_kind"]) if files else []
        names: set[str] = set()
        for path, r in zip(files, results, strict=True):
            if "error" not in r:
                name = _unique_name(Path(path), paths, names)
                (out / f"{name}.json").write_text(json.dumps(r, ensure_ascii=False, indent=1), encoding="utf-8")
        with open(out / "summary.csv", "w", newline="", encoding="utf-8") as fh:
            write_summary(fh, list(zip(files, results, strict=True)), registry_names())
        self.stdout.write(f"已读取{len(results) - sum('error' in r for r in results)}/{len(results)}个文件，结果写入{out}"
                          "（summary.csv：每个报告一行，每个问题一行）")
        self.finish(results)


def _unique_name(path: Path, roots: list[str], taken: set[str]) -> str:
    name = path.name
    k = 2
    candidate = name
    while candidate in taken:
        candidate = f"{name}-{k}"
        k += 1
    taken.add(candidate)
    return candidate


# ------------------------------------------------------------------ the readable summary

def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(s))
    return gap + s if right else s + gap


def _v(v: object) -> str:
    if v is None:
        return "—"
    if isinstance(v, float) and v.is_integer():
        return str(int(v)) if abs(v) < 1e15 else str(v)
    return str(v)


def render(r: dict) -> str:
    """A report and its findings as Chinese text for a terminal."""
    if "error" in r:
        return f"== {r['source']}\n无法读取：{r['error']}\n"
    lines = [f"== {r['source']}",
             f"机关：{r.get('agency') or '未识别'}　年度：{r.get('year') or '未识别'}　格式：{r.get('format')}"
             f"　发布日期：{r.get('published_on') or '未知'}"]
    lines.append("章节：" + ("、".join(s["printed_title"] for s in r.get("sections") or []) or "未识别"))
    t2 = r.get("table2")
    lines.append("表二（主动公开）：" + ("无" if t2 is None else ""))
    for row, cols in (t2 or {}).items():
        lines.append("  " + _pad(row, 22) + "  ".join(f"{c}={_v(v)}" for c, v in cols.items()))
    t3 = r.get("table3")
    lines.append("表三（依申请）：" + ("无" if t3 is None else ""))
    if t3:
        lines.append("  " + _pad("", 36) + "".join(_pad(h, 14, True) for h in T3_COLUMN_LABELS))
        for code, vals in t3.items():
            label = T3_ROW_LABELS.get(code, code)[:17]
            lines.append("  " + _pad(label, 36) + "".join(_pad(_v(v), 14, True) for v in vals))
    t4 = r.get("table4")
    lines.append("表四（复议、诉讼）：" + ("无" if t4 is None else ""))
    if t4:
        lines.append("  " + _pad("", 18) + "".join(_pad(T4_COLUMN_LABELS[c], 10, True) for c in T4_COLUMNS))
        for g, cols in t4.items():
            lines.append("  " + _pad(T4_GROUP_LABELS[g], 18) + "".join(_pad(_v(cols.get(c)), 10, True) for c in T4_COLUMNS))
    findings = r.get("findings") or []
    c = summarize(findings)
    lines.append(f"发现：错误{c['error']}条，警告{c['warning']}条，提示{c['info']}条")
    for f in findings:
        lines.append(f"  [{SEVERITY_ZH.get(f['severity'], f['severity'])}] {f['where']}：{f['message']}")
    return "\n".join(lines) + "\n"
