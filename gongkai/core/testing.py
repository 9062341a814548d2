"""Helpers for tests of every app: log a user in and assert what a role may or may not see."""

from django.test import Client

# Every test user's password (organs' factories set it; the browser tests log in with it).
TEST_PASSWORD = "Gongkai-test-密码-2026"


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def assert_may(user, url: str, *, method: str = "get", data=None, status: int = 200):
    """`user` (None = anonymous) gets `status` from `url`; returns the response."""
    response = getattr(client_for(user), method)(url, data=data or {})
    assert response.status_code == status, (
        f"{getattr(user, 'username', 'anonymous')} {method.upper()} {url}: "
        f"expected {status}, got {response.status_code}"
    )
    return response


def assert_may_not(user, url: str, *, method: str = "get", data=None):
    """A logged-in user asking for what is not theirs gets the same 404 as for what does not exist."""
    return assert_may(user, url, method=method, data=data, status=404)


def assert_login_required(url: str, *, method: str = "get"):
    """Anonymous visitors are sent to the login page (302) from every /staff/ page."""
    response = getattr(Client(), method)(url)
    assert response.status_code == 302, f"anonymous {method.upper()} {url}: got {response.status_code}"
    assert response["Location"].startswith("/staff/login/"), response["Location"]
    return response


def browser_log_in(page, username: str, password: str | None = None) -> None:
    """In a Playwright page: log in at /staff/ as a test user (TEST_PASSWORD unless given)."""
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password or TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
