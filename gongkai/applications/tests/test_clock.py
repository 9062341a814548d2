"""The clock against hand-worked cases across the 2025 and 2026 holidays (chinesecalendar data).

Each expected date below was counted by hand, day by day, from the 国务院办公厅 notices
(spec/law-and-format.md §5); the comments show the count.
"""

import datetime as dt

import pytest

from gongkai.applications.clock import ClockEvent, Kind, State, compute
from gongkai.workdays.calendar import chinesecalendar_lookup

D = dt.date
LOOKUP = chinesecalendar_lookup


def run(received, events=(), today=None):
    return compute(received, list(events), LOOKUP, today=today or received)


def test_plain_20_working_days_across_chunjie_2025():
    # Received Mon 2025-01-20. Counting from 01-21: 21,22,23,24 (4), Sun 26 调休 (5), 27 (6); 28 Jan – 4 Feb
    # 春节 off; 5,6,7 (9), Sat 8 调休 (10), 10–14 (15), 17–21 (20) → Fri 2025-02-21.
    clock = run(D(2025, 1, 20))
    assert clock.due_on == D(2025, 2, 21)
    assert clock.state == State.RUNNING and not clock.due.provisional
    # 第三十条: the 补正 notice is due within 7 working days: 21,22,23,24,26(Sun),27,02-05.
    assert clock.correction_notice_by == D(2025, 2, 5)


def test_received_online_on_a_guoqing_holiday_2025():
    # Submitted online on Fri 2025-10-03 (国庆 holiday): received that day (第三十一条). Counting from
    # 10-04: 04–08 off; 09,10 (2), Sat 11 调休 (3), 13–17 (8), 20–24 (13), 27–31 (18), 11-03 (19), 11-04 (20).
    clock = run(D(2025, 10, 3), today=D(2025, 10, 3))
    assert clock.due_on == D(2025, 11, 4)
    assert clock.days_left == 20


def test_correction_restarts_the_period_across_chunjie_2026():
    # Received Fri 2026-02-06. 7 working days: 09–13 (5), Sat 14 调休 (6), 15–23 春节 off, 24 (7).
    received = D(2026, 2, 6)
    events = [
        ClockEvent(Kind.CORRECTION_REQUESTED, D(2026, 2, 10)),
        # Served Thu 02-12 with 10 working days: 13 (1), Sat 14 (2), 24–27 (6), Sat 28 调休 (7), 03-02,03,04 (10).
        ClockEvent(Kind.CORRECTION_SERVED, D(2026, 2, 12), 10),
    ]
    waiting = run(received, events, today=D(2026, 2, 26))
    assert waiting.correction_notice_by == D(2026, 2, 24)
    assert waiting.state == State.PAUSED and waiting.pause_reason == "correction"
    assert waiting.applicant_deadline == D(2026, 3, 4)
    assert waiting.due is None and "等待申请人补正" in waiting.summary

    # Corrected application arrives Mon 03-02: 20 working days afresh: 03–06 (4), 09–13 (9), 16–20 (14),
    # 23–27 (19), 30 (20) → 2026-03-30 (第三十条).
    events.append(ClockEvent(Kind.CORRECTION_RECEIVED, D(2026, 3, 2)))
    clock = run(received, events, today=D(2026, 3, 2))
    assert clock.state == State.RUNNING and clock.start_on == D(2026, 3, 2)
    assert clock.due_on == D(2026, 3, 30)
    assert clock.correction_used and clock.applicant_deadline is None


def test_consultation_pause_and_extension_across_guoqing_2026(frozen_today):
    # Received Fri 2026-09-18. Base: Sun 20 调休 (1), 21–24 (5), 25 中秋 off, 28–30 (8), 10-01–07 off,
    # 08, 09 (10), Sat 10 调休 (11), 12–16 (16), 19–22 (20) → 2026-10-22.
    received = D(2026, 9, 18)
    assert run(received).due_on == D(2026, 10, 22)
    # Consultation from Tue 09-22 to Tue 10-13 — working days in (09-22, 10-13]: 23, 24, 28, 29, 30, 10-08,
    # 09, 10 (Sat), 12, 13 = 10, not counted (第三十二条). Extension of 20 (第三十三条). Total 50:
    # from 10-22 (20): 23 (21), 26–30 (26), 11-02–06 (31), 09–13 (36), 16–20 (41), 23–27 (46), 30 (47),
    # 12-01, 02, 03 (50) → 2026-12-03.
    events = [
        ClockEvent(Kind.CONSULTATION_STARTED, D(2026, 9, 22)),
        ClockEvent(Kind.CONSULTATION_SERVED, D(2026, 9, 23)),
        ClockEvent(Kind.CONSULTATION_ENDED, D(2026, 10, 13)),
        ClockEvent(Kind.EXTENSION_GRANTED, D(2026, 10, 20), 20),
    ]
    clock = run(received, events, today=D(2026, 11, 25))
    assert clock.paused_days == 10 and clock.extension_days == 20
    assert clock.due_on == D(2026, 12, 3)
    # From Wed 11-25: 26, 27, 30, 12-01, 02, 03 → 6 working days left.
    assert clock.days_left == 6 and not clock.overdue and not clock.due_soon
    assert any("不计入答复期限" in line for line in clock.explanation)


def test_consultation_party_deadline_is_15_working_days_from_service():
    # Served Wed 2026-09-23: 24 (1), 28–30 (4), 10-08, 09 (6), Sat 10 (7), 12–16 (12), 19, 20, 21 (15).
    clock = run(D(2026, 9, 18), [ClockEvent(Kind.CONSULTATION_STARTED, D(2026, 9, 22)),
                                 ClockEvent(Kind.CONSULTATION_SERVED, D(2026, 9, 23))])
    assert clock.state == State.PAUSED and clock.party_deadline == D(2026, 10, 21)


def test_fee_pause_across_may_day_and_duanwu_2025():
    # Received Mon 2025-04-21; fee notice served Fri 04-25; paid Mon 05-12.
    # Payment deadline: 20 working days from 04-26: Sun 27 调休 (1), 28–30 (4), 05-01–05 off, 06–09 (8),
    # 12–16 (13), 19–23 (18), 26, 27 (20) → 2025-05-27.
    received = D(2025, 4, 21)
    served = [ClockEvent(Kind.FEE_NOTICE_SERVED, D(2025, 4, 25))]
    waiting = run(received, served, today=D(2025, 5, 6))
    assert waiting.state == State.PAUSED and waiting.applicant_deadline == D(2025, 5, 27)
    # Paused working days in (04-25, 05-12]: 27 (Sun), 28, 29, 30, 05-06, 07, 08, 09, 12 = 9. Due = 29 working
    # days after 04-21: 22–25 (4), 27 (5), 28–30 (8), 05-06–09 (12), 12–16 (17), 19–23 (22), 26–30 (27),
    # 05-31–06-02 端午 off, 06-03 (28), 06-04 (29).
    clock = run(received, served + [ClockEvent(Kind.FEE_PAID, D(2025, 5, 12))], today=D(2025, 5, 12))
    assert clock.paused_days == 9
    assert clock.due_on == D(2025, 6, 4)


def test_fee_pause_can_be_switched_off():
    # Without the pause the plain 20 days run: 22–25 (4), Sun 27 (5), 28–30 (8), 05-06–09 (12), 12–16 (17),
    # 19, 20, 21 (20) → 2025-05-21.
    clock = compute(D(2025, 4, 21), [ClockEvent(Kind.FEE_NOTICE_SERVED, D(2025, 4, 25))], LOOKUP,
                    today=D(2025, 4, 28), fee_pauses=False)
    assert clock.state == State.RUNNING and clock.due_on == D(2025, 5, 21)


def test_closed_reply_on_time_or_late_by_the_service_date():
    received = D(2025, 1, 20)
    on_time = run(received, [ClockEvent(Kind.CLOSED, D(2025, 2, 21))])
    late = run(received, [ClockEvent(Kind.CLOSED, D(2025, 2, 24))])
    assert on_time.state == State.CLOSED and on_time.on_time is True
    assert late.on_time is False and "逾期" in late.summary


def test_overdue_and_due_soon():
    clock = run(D(2025, 1, 20), today=D(2025, 2, 25))  # due 02-21; 24 and 25 have passed
    assert clock.overdue and clock.days_left == -2 and "已逾期2个工作日" in clock.summary
    soon = run(D(2025, 1, 20), today=D(2025, 2, 18))  # 19, 20, 21 → 3 left
    assert soon.due_soon and soon.days_left == 3


def test_deadline_crossing_into_2027_is_provisional_with_the_workdays_warning():
    clock = run(D(2026, 12, 10), today=D(2026, 12, 10))
    assert clock.due.provisional
    assert "2027年" in clock.due.warning
    assert clock.explanation[-1] == clock.due.warning


def test_extension_is_capped_at_20_working_days():
    clock = run(D(2025, 1, 20), [ClockEvent(Kind.EXTENSION_GRANTED, D(2025, 2, 10), 15),
                                 ClockEvent(Kind.EXTENSION_GRANTED, D(2025, 2, 11), 15)])
    assert clock.extension_days == 20


# One event of each kind on Tue 2025-03-04 (days=5) for a case received Mon 2025-03-03 (due 03-31 without it):
# (state, pause, due, start, extension, the deadline it sets for the applicant or the party).
ONE_EVENT = {
    Kind.RECEIVED: (State.RUNNING, None, D(2025, 3, 31), D(2025, 3, 3), 0, None),
    Kind.CORRECTION_REQUESTED: (State.PAUSED, "correction", None, D(2025, 3, 3), 0, None),
    # 补正 period from the served day: 05,06,07,10,11.
    Kind.CORRECTION_SERVED: (State.RUNNING, None, D(2025, 3, 31), D(2025, 3, 3), 0, ("applicant", D(2025, 3, 11))),
    Kind.CORRECTION_RECEIVED: (State.RUNNING, None, D(2025, 4, 1), D(2025, 3, 4), 0, None),  # 20 days afresh
    Kind.CONSULTATION_STARTED: (State.PAUSED, "consultation", None, D(2025, 3, 3), 0, None),
    Kind.CONSULTATION_SERVED: (State.RUNNING, None, D(2025, 3, 31), D(2025, 3, 3), 0, ("party", D(2025, 3, 25))),
    Kind.CONSULTATION_ENDED: (State.RUNNING, None, D(2025, 3, 31), D(2025, 3, 3), 0, None),  # none was running
    # 5 more working days after 03-31: 04-01,02,03, 清明 04-04…06 off, 07, 08.
    Kind.EXTENSION_GRANTED: (State.RUNNING, None, D(2025, 4, 8), D(2025, 3, 3), 5, None),
    Kind.FEE_NOTICE_SERVED: (State.PAUSED, "fee", None, D(2025, 3, 3), 0, ("applicant", D(2025, 4, 1))),
    Kind.FEE_PAID: (State.RUNNING, None, D(2025, 3, 31), D(2025, 3, 3), 0, None),
    Kind.CONSULTATION_WAITING: (State.RUNNING, None, D(2025, 3, 31), D(2025, 3, 3), 0, None),  # no consultation
    Kind.DUE_SET: (State.RUNNING, None, D(2025, 3, 31), D(2025, 3, 3), 0, None),  # no date given: ignored
    Kind.REOPENED: (State.RUNNING, None, D(2025, 3, 11), D(2025, 3, 4), 0, None),  # 5 days from the decision
    Kind.CLOSED: (State.CLOSED, None, D(2025, 3, 31), D(2025, 3, 3), 0, None),
    Kind.CLOSE_WITHDRAWN: (State.RUNNING, None, D(2025, 3, 31), D(2025, 3, 3), 0, None),
}


def test_every_kind_has_its_expected_effect_listed():
    assert set(ONE_EVENT) == set(Kind)


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_is_accepted(kind):
    clock = run(D(2025, 3, 3), [ClockEvent(kind, D(2025, 3, 4), 5)], today=D(2025, 3, 5))
    state, pause, due, start, extension, deadline = ONE_EVENT[kind]
    assert (clock.state, clock.pause_reason, clock.due_on, clock.start_on, clock.extension_days) == (
        state, pause, due, start, extension)
    assert (clock.applicant_deadline, clock.party_deadline) == (
        deadline[1] if deadline and deadline[0] == "applicant" else None,
        deadline[1] if deadline and deadline[0] == "party" else None)
    assert clock.explanation[0].startswith("2025年3月3日收到申请")
