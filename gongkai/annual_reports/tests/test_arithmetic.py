"""Table arithmetic from facts: every outcome code and applicant kind, and the year's boundaries."""

import datetime as dt
import random

import pytest

from gongkai.annual_reports.arithmetic import (
    APPLICANT_KINDS,
    OUTCOMES,
    CaseFacts,
    DocumentFacts,
    RemedyFacts,
    table2_documents,
    table3_from_cases,
    table4_from_remedies,
)
from gongkai.annual_reports.checks import check_table3

D = dt.date


def diff(a: dict, b: dict) -> dict:
    return {(row, col): b[row][col] - a[row][col] for row in a for col in range(7) if a[row][col] != b[row][col]}


BASE = [
    CaseFacts("natural_person", D(2024, 2, 1), D(2024, 2, 20), "disclosed"),
    CaseFacts("commercial", D(2023, 12, 28), D(2024, 1, 15), "partly_disclosed"),
    CaseFacts("research", D(2024, 12, 30), None, None),
]


@pytest.mark.parametrize("kind", APPLICANT_KINDS)
@pytest.mark.parametrize("before,after", list(zip(OUTCOMES, OUTCOMES[1:] + OUTCOMES[:1], strict=True)))
def test_changing_one_outcome_moves_exactly_its_cells(kind, before, after):
    case = CaseFacts(kind, D(2024, 6, 1), D(2024, 6, 20), before)
    table_before = table3_from_cases([*BASE, case], 2024)
    table_after = table3_from_cases([*BASE, CaseFacts(kind, case.received_on, case.closed_on, after)], 2024)
    col = APPLICANT_KINDS.index(kind)
    assert diff(table_before, table_after) == {(before, col): -1, (before, 6): -1, (after, col): 1, (after, 6): 1}


@pytest.mark.parametrize("kind", APPLICANT_KINDS)
def test_each_applicant_kind_counts_in_its_column_and_the_total(kind):
    table = table3_from_cases([CaseFacts(kind, D(2024, 3, 3), D(2024, 3, 9), "unavailable_not_held")], 2024)
    col = APPLICANT_KINDS.index(kind)
    expected = [0] * 7
    expected[col] = expected[6] = 1
    assert table["received_new"] == expected and table["unavailable_not_held"] == expected
    assert table["total"] == expected and table["carried_out"] == [0] * 7


def test_year_boundaries():
    cases = [
        CaseFacts("natural_person", D(2023, 12, 31), D(2024, 1, 2), "disclosed"),  # carried in, closed this year
        CaseFacts("natural_person", D(2023, 11, 1), D(2023, 12, 31), "disclosed"),  # finished last year
        CaseFacts("natural_person", D(2024, 12, 31), D(2025, 1, 2), "disclosed"),  # received now, carried out
        CaseFacts("natural_person", D(2025, 1, 1), None, None),  # next year's
        CaseFacts("natural_person", D(2022, 5, 1), None, None),  # open for years: carried in and out
    ]
    table = table3_from_cases(cases, 2024)
    assert table["received_new"][0] == 1
    assert table["carried_in"][0] == 2
    assert table["disclosed"][0] == 1 and table["total"][0] == 1
    assert table["carried_out"][0] == 2


def test_entered_carry_over_replaces_the_counted_one():
    cases = [CaseFacts("legal_service", D(2023, 12, 20), D(2024, 1, 5), "disclosed")]
    table = table3_from_cases(cases, 2024, carried_in=[0, 0, 0, 0, 1, 0])
    assert table["carried_in"] == [0, 0, 0, 0, 1, 0, 1]
    with pytest.raises(ValueError):
        table3_from_cases(cases, 2024, carried_in=[1, 2])
    with pytest.raises(ValueError, match="outcome"):
        table3_from_cases([CaseFacts("natural_person", D(2024, 1, 5), D(2024, 1, 8), None)], 2024)


def test_computed_tables_always_balance():
    rng = random.Random(7)
    cases = []
    for _ in range(500):
        received = D(2023, 1, 1) + dt.timedelta(days=rng.randrange(900))
        closed = received + dt.timedelta(days=rng.randrange(60)) if rng.random() < 0.9 else None
        cases.append(CaseFacts(rng.choice(APPLICANT_KINDS), received, closed,
                               rng.choice(OUTCOMES) if closed else None))
    for year in (2023, 2024, 2025):
        table = table3_from_cases(cases, year)
        assert check_table3({"table3": table}) == []
    # what one year carries out, the next carries in
    assert table3_from_cases(cases, 2024)["carried_out"] == table3_from_cases(cases, 2025)["carried_in"]


def test_table2_documents_by_publication_and_repeal():
    docs = [
        DocumentFacts("normative_documents", D(2024, 3, 1)),
        DocumentFacts("normative_documents", D(2022, 3, 1), repealed_on=D(2024, 6, 1)),
        DocumentFacts("normative_documents", D(2021, 3, 1)),
        DocumentFacts("normative_documents", D(2025, 1, 5)),  # next year's
        DocumentFacts("regulations", D(2020, 1, 1), repealed_on=D(2025, 2, 1)),  # repealed after year end
    ]
    table = table2_documents(docs, 2024)
    assert table["normative_documents"] == {"issued": 1, "repealed": 1, "in_force": 2}
    assert table["regulations"] == {"issued": 0, "repealed": 0, "in_force": 1}


def test_table4_as_of_31_december():
    remedies = [
        RemedyFacts("review", D(2024, 3, 1), D(2024, 5, 1), "upheld"),
        RemedyFacts("review", D(2024, 11, 1), D(2025, 1, 10), "corrected"),  # decided next year: pending now
        RemedyFacts("review", D(2023, 5, 1), D(2023, 8, 1), "upheld"),  # last year's
        RemedyFacts("litigation_after_review", D(2023, 12, 1), D(2024, 2, 1), "corrected"),
        RemedyFacts("litigation_direct", D(2025, 1, 2), None, None),  # next year's
    ]
    table = table4_from_remedies(remedies, 2024)
    assert table["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert table["litigation_after_review"]["corrected"] == 1
    assert table["litigation_direct"]["total"] == 0
    assert table4_from_remedies(remedies, 2025)["review"] == {
        "upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1}

