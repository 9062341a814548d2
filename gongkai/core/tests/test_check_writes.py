"""scripts/check-writes: the rules' examples, the allow-list's form, and the repository passing it."""

import importlib.machinery
import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "check-writes"


@pytest.fixture(scope="module")
def cw():
    loader = importlib.machinery.SourceFileLoader("check_writes", str(SCRIPT))
    spec = importlib.util.spec_from_loader("check_writes", loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_writes"] = module  # its dataclasses look their module up
    loader.exec_module(module)
    yield module
    sys.modules.pop("check_writes", None)


def test_every_rule_matches_its_bad_examples_and_none_of_the_good(cw):
    assert cw.self_test() == []
    assert cw.find_writes("Item.objects.filter(pk=1).update(status='x')\nd.update(x=1)\n") == [(1, "update")]


def test_services_migrations_tests_and_demos_are_exempt_and_commands_are_not(cw):
    assert cw.exempt("gongkai/catalogue/services.py") and cw.exempt("gongkai/core/migrations/0001_initial.py")
    assert cw.exempt("gongkai/organs/demo.py") and cw.exempt("gongkai/organs/tests/test_x.py")
    assert not cw.exempt("gongkai/catalogue/views.py")
    assert not cw.exempt("gongkai/catalogue/management/commands/import_items.py")


def test_a_write_outside_the_services_fails_unless_allowed_with_a_reason(cw, tmp_path):
    app = tmp_path / "gongkai" / "things"
    app.mkdir(parents=True)
    (app / "views.py").write_text("def v(request, obj):\n    obj.save()\n", encoding="utf-8")
    (app / "services.py").write_text("def s(obj):\n    obj.save()\n", encoding="utf-8")
    bad, stale = cw.check(tmp_path, allow={})
    assert bad == ["gongkai/things/views.py:2: [save] obj.save()"] and stale == []
    allow = cw.read_allow_list("gongkai/things/views.py save — a reason\ngongkai/gone.py delete — old\n")
    bad, stale = cw.check(tmp_path, allow=allow)
    assert bad == [] and stale == ["gongkai/gone.py delete"]
    with pytest.raises(SystemExit):
        cw.read_allow_list("gongkai/things/views.py save\n")  # no reason


def test_the_repository_keeps_the_rule(cw):
    assert cw.check() == ([], [])
