"""Compute an organ's report for a year from Gongkai's records plus what the clerk entered."""

from __future__ import annotations

import datetime as dt

from . import providers
from .arithmetic import table2_documents, table3_from_cases, table4_from_remedies
from .assemble import blank_table4, build_report, table2_from, table4_from_entered
from .drafting import draft_sections


def _previous_content(organ, year: int) -> dict | None:
    from .selectors import current_published

    previous = current_published(organ, year - 1)
    return previous.content if previous else None


def compute_tables(organ, year: int, entered: dict) -> dict:
    """Tables 二, 三 and 四 for the organ and year."""
    table3 = table3_from_cases(providers.case_facts(organ, year), year, carried_in=entered.get("carried_in"))
    table2 = table2_from(table2_documents(providers.document_facts(organ, year), year), entered)
    remedies = providers.remedy_facts(organ, year)
    if remedies is not None:
        table4 = table4_from_remedies(remedies, year)
    else:
        table4 = table4_from_entered(entered) or blank_table4()
    return {"table2": table2, "table3": table3, "table4": table4}


def first_draft_sections(organ, year: int, entered: dict) -> dict[str, str]:
    tables = compute_tables(organ, year, entered)
    return draft_sections(organ_name=organ.name, organ_kind=organ.kind, year=year,
                          fees_collected_yuan=providers.fees_collected_yuan(organ, year), **tables)


def compute_report(organ, year: int, *, entered: dict, sections: dict[str, str],
                   published_on: dt.date | None = None, metadata: dict | None = None) -> dict:
    """The report JSON (report-json.md) with its findings."""
    tables = compute_tables(organ, year, entered)
    return build_report(
        organ_name=organ.name, organ_kind=organ.kind, year=year, sections=sections,
        published_on=published_on, metadata=metadata, previous=_previous_content(organ, year), **tables,
    )

