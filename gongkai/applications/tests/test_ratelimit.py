"""The limits on applying and tracking, counted by django-ratelimit in the cache (the clock frozen)."""

import pytest

from gongkai.applications import ratelimit


@pytest.fixture
def tight(settings, frozen_today):
    settings.GONGKAI_APPLY_LIMITS = {"ip_per_hour": 2, "applicant_per_day": 1, "captcha_after": 100}
    settings.GONGKAI_TRACK_LIMITS = {"wrong_per_ip": 2, "wrong_per_case": 10, "window_minutes": 15}


def test_places_are_taken_before_the_write_and_given_back_when_refused(tight):
    assert ratelimit.reserve("203.0.113.1", "A") is None
    assert ratelimit.reserve("203.0.113.1", "A") == ratelimit.APPLICANT_REFUSED  # its places given back
    assert ratelimit.reserve("203.0.113.1", "B") is None
    assert not ratelimit.ip_allowed("203.0.113.1")
    assert ratelimit.reserve("203.0.113.1", "C") == ratelimit.IP_REFUSED
    ratelimit.release("203.0.113.1", "C")  # an invalid submission counts nothing
    assert ratelimit.ip_allowed("203.0.113.1")
    assert ratelimit.ip_allowed("203.0.113.2")  # another address has its own count


def test_only_a_clients_own_wrong_codes_hold_it_back(tight):
    ratelimit.track_wrong("203.0.113.1", "YS-1")
    assert ratelimit.track_wait("203.0.113.1", "YS-1") is None
    ratelimit.track_wrong("203.0.113.1", "YS-2")
    wait = ratelimit.track_wait("203.0.113.1", "YS-1")
    assert wait is not None and 0 < wait <= 900 and ratelimit.wait_text(wait).endswith("分钟")
    assert ratelimit.track_wait("203.0.113.9", "YS-1") is None


@pytest.mark.django_db
def test_letter_downloads_are_limited_to_60_an_hour_per_address(client, frozen_today):
    for _ in range(60):
        assert client.post("/ysqgk/track/download/", {"tracking_no": "x"}).status_code != 429
    refused = client.post("/ysqgk/track/download/", {"tracking_no": "x"})
    assert refused.status_code == 429 and "查询过于频繁" in refused.content.decode()
