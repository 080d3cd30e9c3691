import pytest

from tests.factories import (
    ActionFactory,
    CampaignFactory,
    HubFactory,
    SchoolFactory,
    WalkoutFactory,
    make_staff,
)
from walkout.people.models import StaffRole
from walkout.walkouts.models import WalkoutStatus


@pytest.fixture
def hub():
    return HubFactory(name="National Student Walkout Hub")


def staff_with_role(hub, role, username=None):
    user, _seed = make_staff(hub=hub, username=username or role)
    user.role = role
    user.save(update_fields=["role"])
    return user


@pytest.fixture
def admin(hub):
    return staff_with_role(hub, StaffRole.ADMIN)


@pytest.fixture
def moderator(hub):
    return staff_with_role(hub, StaffRole.MODERATOR)


@pytest.fixture
def support_staff(hub):
    return staff_with_role(hub, StaffRole.SUPPORT, username="support")


@pytest.fixture
def call(hub):
    return ActionFactory(campaign=CampaignFactory(hub=hub, slug="spring-surge"), slug="friday")


def pending(call, **extra):
    return WalkoutFactory(action=call, status=WalkoutStatus.PENDING, **extra)


@pytest.fixture
def school():
    return SchoolFactory(name="Lincoln High School")
