"""model_update: set what differs, save only that, return the diff the audit row keeps."""

import pytest

from gongkai.core.services import model_update

pytestmark = pytest.mark.django_db


def test_only_changed_fields_are_set_saved_and_reported(world, django_assert_num_queries):
    office = world.fgj.office
    before = office.updated_at
    with django_assert_num_queries(1):
        office, diff = model_update(office, {"phone": "0469-1234567", "name": office.name}, ("name", "phone"))
    assert diff == {"phone": [diff["phone"][0], "0469-1234567"]} and diff["phone"][0] != "0469-1234567"
    office.refresh_from_db()
    assert office.phone == "0469-1234567" and office.updated_at >= before


def test_nothing_changed_saves_nothing(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        _, diff = model_update(world.fgj, {"name": world.fgj.name}, ("name",))
    assert diff == {}


def test_related_rows_are_kept_by_name_and_unknown_fields_refused(world):
    from gongkai.catalogue.models import Column
    from gongkai.catalogue.services import columns_seed

    columns_seed(actor=None, organ=world.district)
    column = Column.objects.filter(organ=world.district).first()
    column, diff = model_update(column, {"owner": world.district_column_owner}, ("owner",), save=False)
    assert diff == {"owner": [None, str(world.district_column_owner)]}
    with pytest.raises(TypeError, match="unknown"):
        model_update(column, {"organ": world.fgj}, ("owner",))
