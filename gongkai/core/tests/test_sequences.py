"""The one gap-free counter service (gongkai.core.sequences): distinct, gap-free numbers under concurrent
writers (PostgreSQL and SQLite's BEGIN IMMEDIATE), a rolled-back number given again, a counter moved past
an imported number and never back; the migration that moved applications' counters and catalogue's 索引号
serials into it keeps every value."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from gongkai.core.models import Sequence
from gongkai.core.sequences import advance_sequence, next_in_sequence


@pytest.mark.django_db(transaction=True)
def test_40_numbers_from_8_workers_are_distinct_and_gap_free():
    def take(_):
        try:
            with transaction.atomic():
                return next_in_sequence("test:concurrent")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(take, range(40)))
    assert sorted(numbers) == list(range(1, 41))
    assert Sequence.objects.get(key="test:concurrent").value == 40


@pytest.mark.django_db
def test_a_rolled_back_number_is_given_again_and_keys_count_apart():
    assert next_in_sequence("test:a") == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_in_sequence("test:a") == 2
        raise RuntimeError("the writer failed")
    assert next_in_sequence("test:a") == 2
    assert next_in_sequence("test:b") == 1


@pytest.mark.django_db
def test_advance_moves_past_an_imported_number_and_never_back():
    assert advance_sequence("test:indexno", 7) == 7
    assert advance_sequence("test:indexno", 3) == 7
    assert next_in_sequence("test:indexno") == 8


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_counter_value(world):
    """Back to the old tables, counters written there; forward again: core's Sequence holds them all."""
    before = [("applications", "0004_corrected_request_and_fee_payment"), ("catalogue", "0004_deactivated_at")]
    executor = MigrationExecutor(connection)
    latest = [key for key in executor.loader.graph.leaf_nodes() if key[0] in {"applications", "catalogue", "core"}]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old.get_model("applications", "Sequence").objects.create(key="tracking:2026", value=41)
    old.get_model("applications", "Sequence").objects.create(key="docno:3:答复:2026", value=5)
    old.get_model("catalogue", "IndexNoCounter").objects.create(organ_id=world.district.pk, period="2026",
                                                                last_serial=12)
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    assert dict(Sequence.objects.values_list("key", "value")) == {
        "tracking:2026": 41, "docno:3:答复:2026": 5, f"indexno:{world.district.pk}:2026": 12}
    assert next_in_sequence("tracking:2026") == 42
