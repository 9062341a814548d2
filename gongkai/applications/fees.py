"""信息处理费 (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号): pure calculators that show their working.

第三条: a fee is charged 按件 or 按量, both progressive (超额累进), and one application is charged by
one method only, never both. 第四条 按件: per applicant per natural month, counting every
application: the 1st–10th free; the 11th–30th 100 元 each; from the 31st each further band of 10
adds 100 元 (31–40: 200, 41–50: 300, …). 第五条 按量: per application, pages 1–30 free; 31–100:
10 元/页; 101–200: 20 元/页; 201 and up: 40 元/页.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

PER_ITEM = "per_item"
PER_PAGE = "per_page"
METHOD_LABELS = {PER_ITEM: "按件计收", PER_PAGE: "按量计收"}


@dataclass(frozen=True)
class FeeQuote:
    method: str
    amount: Decimal
    working: list[str] = field(default_factory=list)  # one Chinese line per step

    @property
    def is_free(self) -> bool:
        return self.amount == 0


def per_item_rate(nth: int) -> int:
    """The fee (元) for the applicant's nth application in a natural month (第四条)."""
    if nth < 1:
        raise ValueError("件次从1开始计算。")
    if nth <= 10:
        return 0
    if nth <= 30:
        return 100
    return 100 * (2 + (nth - 31) // 10)


SCOPE_TEXT = {
    "organ": ("向本机关提出的", "按件计收的件数按受理机关分别累计"),
    "platform": ("在本平台提出的", "按件计收的件数在本平台各机关合并累计"),
}


def per_item(nth: int, scope: str = "organ") -> FeeQuote:
    """按件: the charge for the applicant's nth application this natural month (counted per organ, or
    across the platform: `applications.selectors.per_item_scope`, stated on the notice)."""
    rate = per_item_rate(nth)
    if nth <= 10:
        band = "第1至10件免费"
    elif nth <= 30:
        band = "第11至30件每件收费100元"
    else:
        lo = 31 + (nth - 31) // 10 * 10
        band = f"第{lo}至{lo + 9}件每件收费{rate}元"
    working = [
        "按件计收（国办函〔2020〕109号第四条）：同一申请人一个自然月内累计申请件数超额累进计收。",
        f"本申请为该申请人本自然月{SCOPE_TEXT[scope][0]}第{nth}件（{SCOPE_TEXT[scope][1]}）；{band}。",
        f"应收信息处理费：{rate}元。",
    ]
    return FeeQuote(PER_ITEM, Decimal(rate), working)


_PAGE_BANDS = ((1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40))


def per_page(pages: int) -> FeeQuote:
    """按量: the charge for one application of `pages` pages (第五条), band by band."""
    if pages < 0:
        raise ValueError("页数不能为负数。")
    working = ["按量计收（国办函〔2020〕109号第五条）：同一申请的页数超额累进计收。"]
    total = 0
    for lo, hi, rate in _PAGE_BANDS:
        if pages < lo:
            break
        top = pages if hi is None else min(pages, hi)
        count = top - lo + 1
        amount = count * rate
        total += amount
        span = f"第{lo}至{top}页" if top != lo else f"第{lo}页"
        working.append(f"{span}共{count}页 × {rate}元 = {amount}元" if rate else f"{span}共{count}页免费")
    working.append(f"合计应收信息处理费：{total}元。")
    return FeeQuote(PER_PAGE, Decimal(total), working)


def quote(method: str, *, nth: int | None = None, pages: int | None = None, scope: str = "organ") -> FeeQuote:
    """One method per application (第三条): giving both a count and pages is refused."""
    if method == PER_ITEM:
        if pages is not None:
            raise ValueError("按件计收不能同时按页数计收。")
        return per_item(nth or 1, scope if scope in SCOPE_TEXT else "organ")
    if method == PER_PAGE:
        if nth is not None:
            raise ValueError("按量计收不能同时按件数计收。")
        return per_page(pages or 0)
    raise ValueError("收费方式只能是按件或按量。")
