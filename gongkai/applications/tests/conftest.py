import datetime as dt

import pytest

from .factories import registered_case


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def case(world, frozen_today):
    """A case of the district registered on 2026-11-20, the applicant 欧阳娜娜."""
    app, _ = registered_case(world.district_clerk, world.district, received_on=dt.date(2026, 11, 20),
                             applicant_name="欧阳娜娜")
    return app
