"""索引号: the permanent, unique identifier of a catalogue item. Pure functions, no database.

《政府信息公开目录系统实施指引（试行）》: 前段码 = the publisher's 9-character 组织机构代码 (no hyphen),
后段码 = 4-digit year + "-" + 5-digit serial, generated automatically by publication date, e.g.
``000014349/2018-00222``. Agencies vary the scheme (law-and-format.md §4): the 18-character
统一社会信用代码 as 前段码, the org code's hyphen kept (``0142768-8/2022-00185``), "-" instead of "/",
a year-and-month period (``11341702486344515H/202110-00013``), a wider serial. `IndexScheme` holds
one agency's choice; `format_index_no` applies it. The number never changes once given.
"""

import re
from dataclasses import dataclass

from gongkai.organs.codes import org_code_of

CODE_ORG9 = "org9"  # 组织机构代码, 9 characters
CODE_USCC18 = "uscc18"  # 统一社会信用代码, 18 characters
PERIOD_YEAR = "year"  # YYYY
PERIOD_MONTH = "month"  # YYYYMM


@dataclass(frozen=True)
class IndexScheme:
    code_kind: str = CODE_ORG9
    hyphenate_org_code: bool = False  # 0142768-8 rather than 01427688
    separator: str = "/"  # between 前段码 and 后段码
    period: str = PERIOD_YEAR
    serial_width: int = 5

    def __post_init__(self):
        if self.code_kind not in (CODE_ORG9, CODE_USCC18):
            raise ValueError(f"unknown code kind {self.code_kind!r}")
        if self.separator not in ("/", "-"):
            raise ValueError("separator must be '/' or '-'")
        if self.period not in (PERIOD_YEAR, PERIOD_MONTH):
            raise ValueError(f"unknown period {self.period!r}")
        if not 3 <= self.serial_width <= 8:
            raise ValueError("serial width must be between 3 and 8")


DEFAULT_SCHEME = IndexScheme()


def prefix(scheme: IndexScheme, organ_code: str) -> str:
    """The 前段码 for an organ whose `code` is a 统一社会信用代码 or a 组织机构代码."""
    if scheme.code_kind == CODE_USCC18:
        if len(organ_code) != 18:
            raise ValueError("该机关没有18位统一社会信用代码，不能按统一社会信用代码生成索引号。")
        return organ_code
    org = org_code_of(organ_code)
    return f"{org[:8]}-{org[8]}" if scheme.hyphenate_org_code else org


def period_of(scheme: IndexScheme, year: int, month: int) -> str:
    return f"{year:04d}" if scheme.period == PERIOD_YEAR else f"{year:04d}{month:02d}"


def format_index_no(scheme: IndexScheme, organ_code: str, *, year: int, month: int, serial: int) -> str:
    """``<前段码><sep><period>-<serial>``, e.g. ``D00000027/2026-00001``."""
    if serial < 1 or serial >= 10**scheme.serial_width:
        raise ValueError(f"流水号 {serial} 超出 {scheme.serial_width} 位。")
    return f"{prefix(scheme, organ_code)}{scheme.separator}{period_of(scheme, year, month)}-{serial:0{scheme.serial_width}d}"


def counter_key(scheme: IndexScheme, *, year: int, month: int) -> str:
    """Serials restart every period: the key of the counter a new number draws from."""
    return period_of(scheme, year, month)


def parse_serial(scheme: IndexScheme, organ_code: str, index_no: str) -> tuple[str, int] | None:
    """(period, serial) when `index_no` follows this organ's scheme, else None (imported numbers may not)."""
    pattern = (re.escape(prefix(scheme, organ_code)) + re.escape(scheme.separator)
               + r"(\d{4}|\d{6})-(\d{" + str(scheme.serial_width) + r",})$")
    match = re.match(pattern, index_no)
    if not match:
        return None
    return match.group(1), int(match.group(2))
