from decimal import Decimal

import pytest

from gongkai.applications import fees


@pytest.mark.parametrize(("nth", "rate"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200),
                                            (41, 300), (50, 300), (51, 400)])
def test_per_item_bands(nth, rate):
    assert fees.per_item_rate(nth) == rate
    assert fees.per_item(nth).amount == Decimal(rate)


@pytest.mark.parametrize(("pages", "amount"), [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700),
                                                (201, 2740), (250, 4700)])
def test_per_page_is_progressive(pages, amount):
    assert fees.per_page(pages).amount == Decimal(amount)


def test_the_calculator_shows_its_working():
    quote = fees.per_page(150)
    assert quote.working[1:] == ["第1至30页共30页免费", "第31至100页共70页 × 10元 = 700元",
                                 "第101至150页共50页 × 20元 = 1000元", "合计应收信息处理费：1700元。"]
    assert "本自然月向本机关提出的第35件" in fees.per_item(35).working[1]
    assert "在本平台提出的第35件" in fees.per_item(35, "platform").working[1]


def test_never_both_methods():
    with pytest.raises(ValueError, match="不能同时"):
        fees.quote(fees.PER_ITEM, nth=12, pages=40)
    with pytest.raises(ValueError, match="不能同时"):
        fees.quote(fees.PER_PAGE, nth=12, pages=40)
