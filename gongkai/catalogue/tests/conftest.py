import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded attachments go to a temporary MEDIA_ROOT, never into the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
