"""The workbench's navigation offers each role only what opens for it: every link in the bar answers 200 for
the user it is shown to (a column owner is not sent to 考评 or 督办整改 only to be told 未找到)."""

import re

import pytest

from gongkai.core.testing import client_for
from gongkai.organs.models import Role
from gongkai.organs.tests.factories import OrganFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db
NAV = re.compile(r'<nav class="main-nav".*?</nav>', re.S)


def nav_links(client) -> list[str]:
    page = client.get("/staff/").content.decode()
    return re.findall(r'href="([^"]+)"', NAV.search(page).group(0))


@pytest.mark.parametrize("role", [Role.CLERK, Role.REVIEWER, Role.SUPERVISOR, Role.COLUMN_OWNER, "sysadmin"])
def test_every_link_in_the_bar_opens_for_the_role_it_is_shown_to(role):
    organ = OrganFactory()
    user = UserFactory(is_superuser=True, is_staff=True) if role == "sysadmin" else user_with_role(organ, role)
    client = client_for(user)
    links = [u for u in nav_links(client) if u.startswith("/staff/") or u.startswith("/admin/")]
    assert links, "the bar shows at least the workbench"
    for url in links:
        assert client.get(url).status_code == 200, (role, url)
    nav = NAV.search(client.get("/staff/").content.decode()).group(0)
    for label in ("依申请公开", "考评", "督办整改", "互动交流", "复议诉讼"):
        # a column owner keeps columns and items; everyone else also handles cases and sees 考评
        assert (label in nav) == (role != Role.COLUMN_OWNER), (role, label)
