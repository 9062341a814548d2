"""After load_demo, 岭东区人民政府's 2024 report computed from its records equals the seed report."""

import io
import json

import pytest
from django.core.management import call_command

from gongkai.annual_reports.export import render_docx, render_html_fragment, render_pdf
from gongkai.annual_reports.reading import read_report
from gongkai.annual_reports.reading.template import OTHER_SUBROWS

from .helpers import SEED, needs_shared

pytestmark = [pytest.mark.django_db, needs_shared]


@pytest.fixture
def demo(settings, tmp_path, frozen_today):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())


def computed_2024() -> dict:
    out = io.StringIO()
    call_command("annual_report", "--organ", "岭东区人民政府", "--year", "2024", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def assert_same_tables(computed: dict, printed: dict) -> None:
    """Every printed cell of tables 三 and 四 equals the computed one (（六） printed as one row is the
    sum of the three computed rows)."""
    for row, values in printed["table3"].items():
        if row == "other_combined":
            expected = [sum(computed["table3"][r][i] for r in OTHER_SUBROWS) for i in range(7)]
        else:
            expected = computed["table3"][row]
        assert values == expected, row
    assert printed["table4"] == computed["table4"]


def test_the_computed_2024_report_equals_the_seed(demo):
    computed = computed_2024()
    seed = read_report(SEED.read_text(encoding="utf-8"))
    assert_same_tables(computed, seed)
    assert computed["table3"]["received_new"] == [2, 0, 0, 0, 0, 0, 2]
    assert computed["table3"]["unavailable_needs_creation"] == [2, 0, 0, 0, 0, 0, 2]
    assert all(v is not None for row in computed["table2"].values() for v in row.values())  # complete 表二
    assert [f for f in computed["findings"] if f["severity"] == "error"] == []
    # The seed's own section texts (its 五 under the format's standard title).
    def squeeze(text: str) -> str:  # the reader closes the stray gaps of a pasted page ("政策法 规")
        return "".join(text.split())

    seed_text = {s["code"]: squeeze(s["text"]) for s in seed["sections"]}
    ours = {s["code"]: squeeze(s["text"]) for s in computed["sections"]}
    assert ours["problems"] == seed_text["problems"] and ours["other"] == seed_text["other"]
    assert "共收到2件依申请公开事项" in ours["overview"]


def test_the_published_2024_report_reads_back_the_same_from_every_export(demo):
    from gongkai.annual_reports.selectors import current_published
    from gongkai.organs.models import Organ

    report = current_published(Organ.objects.get(name="岭东区人民政府"), 2024)
    assert report.published_on.isoformat() == "2025-01-20"
    content = report.content
    html = "<html><body>" + render_html_fragment(content) + "</body></html>"
    for data in (html, render_docx(content), render_pdf(content)):
        back = read_report(data)
        assert_same_tables(content, back)
        assert back["table2"] == content["table2"]
        assert back["year"] == 2024 and back["agency"] == "岭东区人民政府"
