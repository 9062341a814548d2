import datetime as dt

import pytest

from gongkai.applications.tests.factories import registered_case
from gongkai.remedies import services


@pytest.fixture
def review(world, frozen_today):
    """A 行政复议 recorded against a case of 发改局 whose applicant is 欧阳娜娜."""
    app, _ = registered_case(world.fgj_clerk, world.fgj, received_on=dt.date(2026, 3, 2), applicant_name="欧阳娜娜")
    return services.review_record(actor=world.fgj_clerk, organ=world.fgj, application=app, body="岭东区人民政府",
                                  filed_on=dt.date(2026, 5, 6), case_no="岭复〔2026〕7号")
