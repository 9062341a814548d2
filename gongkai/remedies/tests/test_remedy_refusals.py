"""Refused steps on a 复议/诉讼 record: a bad page version is a 400 in Chinese, and a decided case takes no answer."""

import datetime as dt

import pytest

from gongkai.core.exceptions import ApplicationError
from gongkai.core.testing import client_for
from gongkai.remedies import services
from gongkai.remedies.models import Result

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize("version", ["abc", "1.5", "-3"])
def test_bad_version_is_a_400_in_chinese(world, review, version):
    response = client_for(world.fgj_clerk).post(
        f"/staff/remedies/review/{review.pk}/accept/",
        {"accepted_on": "2026-05-08", "copy_received_on": "2026-05-11", "version": version})
    assert response.status_code == 400 and "页面版本号无效" in response.content.decode()
    review.refresh_from_db()
    assert review.accepted_on is None


def test_no_answer_on_a_decided_case(world, review):
    review = services.remedy_accept(actor=world.fgj_clerk, remedy=review, accepted_on=D(2026, 5, 8),
                                    copy_received_on=D(2026, 5, 11))
    review = services.remedy_decide(actor=world.fgj_clerk, remedy=review, decided_on=D(2026, 7, 1),
                                    result=Result.UPHELD)
    with pytest.raises(ApplicationError, match="已审结"):
        services.remedy_answer(actor=world.fgj_clerk, remedy=review, answered_on=D(2026, 7, 2))
    review.refresh_from_db()
    assert review.answered_on is None
