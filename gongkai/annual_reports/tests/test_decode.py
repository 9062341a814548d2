"""The decoder of glued digit runs, on hand-made rows (reading/decode.py)."""

from __future__ import annotations

import time

from gongkai.annual_reports.reading.decode import (
    NODE_BUDGET,
    TABLE_BUDGET,
    Piece,
    Rule,
    Sum,
    decode,
    iter_splits,
)

ROW = (Sum(tuple(range(6)), 6),)  # table 三: 总计 = the six applicant columns
T4 = tuple(Sum(tuple(range(g * 5, g * 5 + 4)), g * 5 + 4) for g in range(3))  # each group's 总计


def test_unique_split_of_a_table3_row():
    out = decode([Piece("table3.received_new", ["521000255"], 7, ROW)])
    assert out.cells["table3.received_new"] == [52, 1, 0, 0, 0, 2, 55]
    assert out.split == ["table3.received_new"]
    assert not out.ambiguous and not out.unsplit and not out.broken


def test_unique_split_with_large_numbers_over_two_tokens():
    out = decode([Piece("table3.received_new", ["3001530061", "43119"], 7, ROW)])
    assert out.cells["table3.received_new"] == [3001, 53, 0, 0, 61, 4, 3119]


def test_two_valid_splits_give_nulls_and_the_candidates():
    # 12/1/0/0/13 and 1/2/10/0/13 both keep 行政复议's 总计: the three cells they disagree on are
    # not guessed; the twelve they agree on are read.
    out = decode([Piece("table4", ["12100130000031004"], 15, T4)])
    assert out.cells["table4"] == [None, None, None, 0, 13, 0, 0, 0, 0, 0, 3, 1, 0, 0, 4]
    assert sorted(out.ambiguous["table4"]) == [
        (1, 2, 10, 0, 13, 0, 0, 0, 0, 0, 3, 1, 0, 0, 4),
        (12, 1, 0, 0, 13, 0, 0, 0, 0, 0, 3, 1, 0, 0, 4),
    ]
    assert not out.broken


def test_a_row_with_no_arithmetic_is_ambiguous_unless_one_split_exists():
    out = decode([Piece("table2.normative_documents", ["4735391"], 3),
                  Piece("table2.regulations", ["100"], 3)])
    assert out.cells["table2.normative_documents"] == [None, None, None]
    assert len(out.ambiguous["table2.normative_documents"]) == len(list(iter_splits("4735391", 3))) == 15
    assert out.cells["table2.regulations"] == [1, 0, 0]  # 1/0/0 is the only reading without a leading zero


def test_rules_across_rows_choose_between_readings():
    # Row a alone reads 1/11 or 11/1; the rule a[0] = b[0] (b printed 11) keeps 11/1 only.
    rule = Rule("test.rule", "x", (("a", 0, 1), ("b", 0, -1)))
    out = decode([Piece("a", ["111"], 2), Piece("b", ["11"], 1)], [rule])
    assert out.cells == {"a": [11, 1], "b": [11]}


def test_no_split_is_reported_never_invented():
    from gongkai.annual_reports.reading.notes import decoding_notes

    piece = Piece("table3.total", ["1" * 60], 7, ROW)  # 60 digits cannot be 7 counts
    out = decode([piece])
    assert out.unsplit == ["table3.total"]
    assert out.cells["table3.total"] == [None] * 7
    (finding,) = decoding_notes(out, [piece])
    assert (finding["rule"], finding["severity"], finding["where"]) == ("reading.unsplit", "error", "table3.total")
    assert "表三“（七）总计”行" in finding["message"] and "1" * 60 in finding["message"]
    assert "表格已印出" in finding["message"]  # printed but not split: never "table missing"


def test_a_printed_arithmetic_error_is_read_as_printed_and_flagged():
    # 洪泽区 2023's table 四, glued: 10/1/0/0/0 with 总计 printed 0, and 5 with 总计 0.  Three
    # readings break the same two rules and no reading breaks fewer: the cells they disagree on are
    # left unread, and both rules are reported as broken whichever reading is right.
    out = decode([Piece("table4", ["1010000000050000"], 15, T4)])
    assert (10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0) in out.ambiguous["table4"]
    assert all(len(c) == 15 for c in out.ambiguous["table4"])
    assert out.cells["table4"][3:10] == [0, 0, 0, 0, 0, 0, 0] and out.cells["table4"][4] == 0
    assert sorted(out.broken) == [("sum", "table4#0"), ("sum", "table4#2")]


def test_a_unique_reading_breaking_its_own_row_keeps_the_printed_numbers():
    piece = Piece("table3.disclosed", ["5000004"], 7, ROW)
    out = decode([piece])
    assert out.cells["table3.disclosed"] == [5, 0, 0, 0, 0, 0, 4]  # as printed; the checks flag the 总计
    assert piece.candidates[0].broken == (0,)
    assert not out.broken  # the values are known: the report's own checks report the rule


def test_a_stray_token_is_rejected_by_the_rows_arithmetic():
    out = decode([Piece("table3.received_new", ["21", "0", "0", "0", "0", "0", "21", "1"], 7, ROW)])
    assert out.cells["table3.received_new"] == [21, 0, 0, 0, 0, 0, 21]
    assert out.dropped == {"table3.received_new": ("1",)}


def test_a_lost_blank_cell_leaves_the_cells_it_could_be_in_unread():
    out = decode([Piece("table3.received_new", ["21", "0", "0", "0", "0", "21"], 7, ROW)])
    assert out.cells["table3.received_new"][6] == 21
    assert set(out.cells["table3.received_new"][:6]) == {None}
    assert (21, 0, 0, 0, 0, None, 21) in out.ambiguous["table3.received_new"]


def test_a_number_alone_in_its_cell_is_never_split():
    out = decode([Piece("table2.regulations", [22, 235], 3)])  # a table row printing two cells
    assert out.cells["table2.regulations"] == [None, None, None]  # a cell is missing: where, unknown
    assert len(out.ambiguous["table2.regulations"]) == 3  # the blank in each of the three places


def test_decoding_is_bounded():
    started = time.perf_counter()
    out = decode([Piece(f"table3.r{i}", ["9" * 40], 7, ROW) for i in range(25)])
    elapsed = time.perf_counter() - started
    assert out.steps <= TABLE_BUDGET + 2 * NODE_BUDGET
    assert set(out.unsplit) == {f"table3.r{i}" for i in range(25)}
    assert elapsed < 5  # generous for a loaded CI machine; bench/bench_reading.py measures it


def test_hostile_runs_are_bounded_and_refused_in_chinese():
    import pytest

    from gongkai.annual_reports.reading import ReportReadError, read_report

    with pytest.raises(ReportReadError):
        read_report("1" * 200_000)  # not a ValueError from int(): no number has so many digits
    rows = "一、本年新收政府信息公开申请数量1234567890123二、上年结转政府信息公开申请数量987654321" * 1000
    started = time.perf_counter()
    report = read_report("三、收到和处理政府信息公开申请情况" + rows)
    assert time.perf_counter() - started < 10
    assert report["table3"]["received_new"] == [None] * 7  # 2,000 runs under one label: never invented
