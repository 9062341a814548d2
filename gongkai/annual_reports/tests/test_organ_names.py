"""One name per organ across years (organ_names.py)."""

from __future__ import annotations

import pytest

from gongkai.annual_reports.organ_names import canonical_names, name_key, registry_names


@pytest.mark.parametrize(("name", "key"), [
    ("淮安市洪泽区人民政府", "洪泽区人民政府"),
    ("江苏省淮安市洪泽区人民政府", "洪泽区人民政府"),
    ("洪泽区政府", "洪泽区人民政府"),
    ("宿迁市沭阳县发展和改革局", "沭阳县发展和改革局"),
    ("淮安市市场监督管理局", "淮安市市场监督管理局"),  # 市场 is no 市
    ("淮安市人民政府", "淮安市人民政府"),
    ("区统计局", "区统计局"),
    ("岭东区人民政府办公室", "岭东区人民政府办公室"),  # the office is another organ
])
def test_name_key(name, key):
    assert name_key(name) == key


def test_canonical_names_prefers_the_registry_then_the_most_specific_name():
    names = ["洪泽区人民政府", "淮安市洪泽区人民政府", "沭阳县发展和改革局", None, "洪泽区人民政府办公室"]
    assert canonical_names(names) == {
        "洪泽区人民政府": "淮安市洪泽区人民政府", "淮安市洪泽区人民政府": "淮安市洪泽区人民政府",
        "沭阳县发展和改革局": "沭阳县发展和改革局", "洪泽区人民政府办公室": "洪泽区人民政府办公室"}
    assert canonical_names(names, ["江苏省淮安市洪泽区人民政府"])["洪泽区人民政府"] == "江苏省淮安市洪泽区人民政府"
    # two registered organs with the same key (城关镇 in two counties): the registry cannot tell
    assert canonical_names(["城关镇人民政府"], ["甲县城关镇人民政府", "乙县城关镇人民政府"]) == {
        "城关镇人民政府": "城关镇人民政府"}


@pytest.mark.django_db
def test_registry_names_reads_the_organs():
    from gongkai.organs.tests.factories import OrganFactory

    OrganFactory(name="淮安市洪泽区人民政府")
    assert "淮安市洪泽区人民政府" in registry_names()
