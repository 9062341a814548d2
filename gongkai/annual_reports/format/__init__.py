"""The national annual-report format (国办公开办函〔2021〕30号), defined once. Pure, no database.

Everything Gongkai knows of the format — the six sections, table 二's rows and columns, table 三's
applicant columns and rows, table 四's groups and results, their codes, printed labels and order — is
read here from `report-format.json`, a copy of the project's shared spec shipped with the package
(a test holds the copy equal to ../shared/spec/report-format.json where that is present). Every other
module imports these names instead of writing the format again; the reader's matching keys (the
variants printed in the wild) stay in `reading/template.py`, built on these codes.

第五十条 of the 条例 lists what a report contains; the format gives each its place.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files

SPEC_FILE = "report-format.json"
SPEC: dict = json.loads(files(__package__).joinpath(SPEC_FILE).read_text(encoding="utf-8"))

FORMAT_NAME: str = SPEC["format"]

# ---- the year range -------------------------------------------------------------------------------
# The 条例 (国务院令第492号) took effect on 1 May 2008, so 2008 is the first year an organ reports on
# (第三十一条 of the 2008 text; 第四十九条、第五十条 of the 2019 text).
FIRST_REPORT_YEAR = 2008


def valid_report_year(year: int, today: dt.date) -> bool:
    """A report year Gongkai can hold: from FIRST_REPORT_YEAR to the current year (a report on the
    current year is drafted during it; a later year has no facts yet)."""
    return FIRST_REPORT_YEAR <= year <= today.year


def report_years(today: dt.date) -> range:
    """Every valid report year, oldest first."""
    return range(FIRST_REPORT_YEAR, today.year + 1)


REPORT_YEAR_RANGE_MESSAGE = f"报告年度{{year}}超出范围：应在{FIRST_REPORT_YEAR}年（条例施行）至今年之间。"

# ---- sections (一 … 六) -----------------------------------------------------------------------------
SECTION_CODES: tuple[str, ...] = tuple(s["code"] for s in SPEC["sections"])
SECTION_TITLES: dict[str, str] = {s["code"]: s["title"] for s in SPEC["sections"]}

# ---- table 二 (第二十条 items) ----------------------------------------------------------------------
T2_ROW_CODES: tuple[str, ...] = tuple(r["code"] for r in SPEC["table2"])
T2_ROW_LABELS: dict[str, str] = {r["code"]: r["label"] for r in SPEC["table2"]}
T2_ROW_COLUMNS: dict[str, tuple[str, ...]] = {r["code"]: tuple(r["columns"]) for r in SPEC["table2"]}
T2_ROW_BLOCKS: dict[str, str] = {r["code"]: r["block"] for r in SPEC["table2"]}
T2_COLUMN_LABELS: dict[str, str] = dict(SPEC["table2_columns"])


def _t2_blocks() -> tuple:
    blocks: list = []
    for row in SPEC["table2"]:
        columns = tuple(row["columns"])
        if blocks and blocks[-1][0] == row["block"] and blocks[-1][2] == columns:
            blocks[-1][3].append((row["code"], row["label"]))
        else:
            blocks.append((row["block"], tuple(T2_COLUMN_LABELS[c] for c in columns), columns,
                           [(row["code"], row["label"])]))
    return tuple((title, headers, columns, tuple(rows)) for title, headers, columns, rows in blocks)


# (block title, column headers, column codes, ((row code, row label), …)), as the format prints table 二.
T2_BLOCKS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]], ...] = _t2_blocks()

# ---- table 三 (依申请公开) --------------------------------------------------------------------------
T3_HEADER: str = SPEC["table3_header"]
T3_COLUMNS: tuple[str, ...] = tuple(c["code"] for c in SPEC["table3_columns"])
T3_COLUMN_LABELS: tuple[str, ...] = tuple(c["label"] for c in SPEC["table3_columns"])
T3_COLUMN_GROUPS: dict[str, str | None] = {c["code"]: c.get("group") for c in SPEC["table3_columns"]}
APPLICANT_KINDS: tuple[str, ...] = T3_COLUMNS[:-1]  # the six applicant columns; the seventh is 总计
APPLICANT_LABELS: tuple[str, ...] = T3_COLUMN_LABELS[:-1]
ORGANISATION_GROUP: str = next(g for g in T3_COLUMN_GROUPS.values() if g)  # 法人或其他组织

T3_ROWS: tuple[str, ...] = tuple(r["code"] for r in SPEC["table3_rows"])
_LEGACY = {r["code"]: r for r in SPEC["table3_legacy_rows"]}
# The leaf label as printed (“1.属于国家秘密”) and the group it sits in (“（三）不予公开”, “三、本年度办理结果”).
T3_ROW_LEAF_LABELS: dict[str, str] = {r["code"]: r["label"] for r in SPEC["table3_rows"]} | {
    code: r["label"] for code, r in _LEGACY.items()}
T3_ROW_GROUPS: dict[str, str | None] = {r["code"]: r.get("group") for r in SPEC["table3_rows"]}
T3_OUTCOME_GROUP: str = T3_ROW_GROUPS["disclosed"]  # 三、本年度办理结果
# The middle groups ((三) … (六)), each under 三、本年度办理结果.
T3_MIDDLE_GROUPS: dict[str, str] = {code: g for code, g in T3_ROW_GROUPS.items() if g and g.startswith("（")}

# Where （六）其他处理 is printed as one row (2019 试行 format, the seed, 洪泽区), standing for its three sub-rows.
OTHER_SUBROWS: tuple[str, ...] = tuple(c for c, g in T3_MIDDLE_GROUPS.items() if g == _LEGACY["other_combined"]["label"])
_FIRST_OTHER = T3_ROWS.index(OTHER_SUBROWS[0])
T3_ROWS_COMBINED: tuple[str, ...] = (*T3_ROWS[:_FIRST_OTHER], "other_combined",
                                     *T3_ROWS[T3_ROWS.index(OTHER_SUBROWS[-1]) + 1:])
# The leaf rows whose sum is （七）总计: every row of 三、本年度办理结果 but the total itself.
T3_OUTCOME_ROWS: tuple[str, ...] = tuple(c for c in T3_ROWS if T3_ROW_GROUPS[c])
T3_OUTCOME_ROWS_COMBINED: tuple[str, ...] = tuple(
    c for c in T3_ROWS_COMBINED if c == "other_combined" or T3_ROW_GROUPS.get(c))


def _full_label(code: str) -> str:
    """The row's label with its middle group's number: “（三）1.属于国家秘密”."""
    leaf = T3_ROW_LEAF_LABELS[code]
    middle = T3_MIDDLE_GROUPS.get(code)
    return middle.split("）", 1)[0] + "）" + leaf if middle else leaf


def _short_label(label: str) -> str:
    """The label without the format's explanatory tails (a trailing “（区分处理的，…）” note, and
    “、行政机关不再处理其政府信息公开申请”), as findings and the reader name a row."""
    if label.endswith("）") and label.count("（") > 1:
        label = label[:label.rindex("（")]
    return label.split("、行政机关不再处理", 1)[0]


# Full printed labels (the published report, DOCX and PDF) and the short ones (findings, messages).
T3_ROW_FULL_LABELS: dict[str, str] = {code: _full_label(code) for code in T3_ROW_LEAF_LABELS}
T3_ROW_LABELS: dict[str, str] = {code: _short_label(label) for code, label in T3_ROW_FULL_LABELS.items()}

# ---- table 四 (行政复议、行政诉讼) -------------------------------------------------------------------
T4_GROUPS: tuple[str, ...] = tuple(g["code"] for g in SPEC["table4_groups"])
T4_GROUP_FULL_LABELS: dict[str, str] = {g["code"]: g["label"] for g in SPEC["table4_groups"]}
# “行政诉讼/未经复议直接起诉” prints as the column group 行政诉讼 over 未经复议直接起诉.
T4_GROUP_LABELS: dict[str, str] = {code: label.rsplit("/", 1)[-1] for code, label in T4_GROUP_FULL_LABELS.items()}
T4_GROUP_PARENTS: dict[str, str | None] = {
    code: (label.rsplit("/", 1)[0] if "/" in label else None) for code, label in T4_GROUP_FULL_LABELS.items()}
T4_COLUMNS: tuple[str, ...] = tuple(c["code"] for c in SPEC["table4_columns"])
T4_COLUMN_LABELS: dict[str, str] = {c["code"]: c["label"] for c in SPEC["table4_columns"]}
T4_RESULTS: tuple[str, ...] = tuple(c for c in T4_COLUMNS if c != "total")  # 维持、纠正、其他、尚未审结
# (code, label) pairs in print order, for templates and forms.
T4_GROUP_CHOICES: tuple[tuple[str, str], ...] = tuple(T4_GROUP_LABELS.items())
T4_COLUMN_CHOICES: tuple[tuple[str, str], ...] = tuple(T4_COLUMN_LABELS.items())
T4_RESULT_CHOICES: tuple[tuple[str, str], ...] = tuple((c, T4_COLUMN_LABELS[c]) for c in T4_RESULTS)


# ---- the tie to applications.Outcome ---------------------------------------------------------------
class FormatMismatch(RuntimeError):
    """The code disagrees with the national format."""


def check_outcomes(outcome_codes=None) -> None:
    """An application's 办理结果 (applications.outcomes.Outcome) must be exactly the leaf rows of table 三's
    三、本年度办理结果: a case whose outcome has no row could not be counted, a row no outcome reaches could
    never be filled. Raises FormatMismatch naming the codes that differ."""
    if outcome_codes is None:
        from gongkai.applications.outcomes import Outcome

        outcome_codes = [o.value for o in Outcome]
    codes, rows = list(outcome_codes), list(T3_OUTCOME_ROWS)
    if codes != rows:
        missing = [r for r in rows if r not in codes]
        extra = [c for c in codes if c not in rows]
        detail = []
        if missing:
            detail.append(f"rows with no Outcome: {', '.join(missing)}")
        if extra:
            detail.append(f"Outcome values that are no row: {', '.join(extra)}")
        if not detail:
            detail.append("same codes in another order")
        raise FormatMismatch("applications.outcomes.Outcome must equal table 三's outcome rows in "
                             f"report-format.json ({SPEC_FILE}): " + "; ".join(detail))


check_outcomes()
