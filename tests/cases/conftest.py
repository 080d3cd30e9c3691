import pytest

from tests.cases.keys import make_keyring
from tests.hubs.conftest import admin, hub, staff_with_role, support_staff  # noqa: F401
from walkout.people.models import StaffRole


@pytest.fixture
def keyring(settings, support_staff):  # noqa: F811
    return make_keyring(settings, support_staff)


@pytest.fixture
def moderator(hub):  # noqa: F811
    return staff_with_role(hub, StaffRole.MODERATOR)
